"""companion: YAML campaigns to printable PDF handouts, and a record of play between games."""

__version__ = "0.1.0"
