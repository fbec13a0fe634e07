"""The OCTO reference mock supplier: `create_app(MockConfig(...))`, or the `octo-mock` command."""
from .app import create_app
from .config import DEFAULT_API_KEY, MockConfig

__all__ = ["create_app", "MockConfig", "DEFAULT_API_KEY"]
