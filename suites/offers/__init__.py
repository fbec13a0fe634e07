"""octo/offers rules."""
