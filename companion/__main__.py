"""`python -m companion` runs the command line."""

from companion.cli import main

# Guarded: `--jobs` spawns processes that import this module again as `__mp_main__`.
if __name__ == "__main__":
    main()
