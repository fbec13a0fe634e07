"""Rules of octo/redemption (seed 000): lookup, redeem, validate and credentials."""
