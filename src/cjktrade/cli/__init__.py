"""The ``cjktrade`` command line (Typer): thin commands over ``cjktrade.services``."""
