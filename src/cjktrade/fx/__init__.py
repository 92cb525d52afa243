"""Exchange rates: cross rates through the euro from a table of reference rates (pure)."""

from cjktrade.fx.rates import FxConversion, RateTable, convert

__all__ = ["FxConversion", "RateTable", "convert"]
