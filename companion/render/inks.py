"""Stamp and ink colours as the stylesheets use them."""

from __future__ import annotations

from companion.campaign.models import Organisation

# Stamp inks as the CSS uses them: red, green, blue triplets.
INKS = {
    "red": "163 36 28",
    "violet": "79 58 134",
    "blue": "35 64 140",
    "black": "34 34 34",
    "green": "30 100 60",
}


def ink(organisation: Organisation | None) -> str:
    """The organisation's stamp colour as CSS `r g b` numbers."""
    return ink_colour(organisation.stamp_colour if organisation else "red")


def ink_colour(colour: str) -> str:
    """A stamp colour (a name, or `#rrggbb`) as CSS `r g b` numbers."""
    if colour.startswith("#"):
        return " ".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return INKS[colour]
