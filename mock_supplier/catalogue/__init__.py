"""The supplier's catalogue: the model, currencies and the seeded products."""
from .currencies import CURRENCY_PRECISION, ISO_4217, currency_precision
from .model import Catalogue, Money, Option, Product, Tax, Unit
from .seed import SEEDED_CATALOGUE

__all__ = ["CURRENCY_PRECISION", "ISO_4217", "currency_precision", "Catalogue", "Money", "Option", "Product",
           "Tax", "Unit", "SEEDED_CATALOGUE"]
