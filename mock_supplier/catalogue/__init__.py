"""The supplier's catalogue: the model and the seeded products."""
from .model import CURRENCY_PRECISION, Catalogue, Money, Option, Product, Tax, Unit
from .seed import SEEDED_CATALOGUE

__all__ = ["CURRENCY_PRECISION", "Catalogue", "Money", "Option", "Product", "Tax", "Unit", "SEEDED_CATALOGUE"]
