"""octo/pickups rules."""
