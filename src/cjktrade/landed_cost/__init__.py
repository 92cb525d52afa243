"""Landed cost: what a shipment costs to import into China, Japan or Korea, every figure sourced.

``quote(shipment, regime, duty=, fx=)`` is the pure engine (duty and exchange rates come in as
functions); ``cjktrade.services.landed_cost.quote_shipment`` wires it to the shipped data.
"""

from cjktrade.landed_cost.compute import LandedCostQuote, quote
from cjktrade.landed_cost.model import Shipment, ShipmentLine, parse_shipment
from cjktrade.landed_cost.regimes import CountryRegime

__all__ = ["CountryRegime", "LandedCostQuote", "Shipment", "ShipmentLine", "parse_shipment", "quote"]
