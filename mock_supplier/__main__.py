"""`python -m mock_supplier`: the same as the octo-mock command."""
from .cli import main

main()
