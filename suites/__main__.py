"""`python -m suites`: the same as the octo-conformance command."""
import sys

from .cli import main

sys.exit(main())
