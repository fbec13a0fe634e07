"""The OCTO reference mock supplier: `create_app(MockConfig(...))`, or the `octo-mock` command."""
from .config import DEFAULT_API_KEY, MockConfig
from .web.app import create_app

__all__ = ["create_app", "MockConfig", "DEFAULT_API_KEY"]
