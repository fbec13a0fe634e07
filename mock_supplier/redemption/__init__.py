"""octo/redemption (seed 000): find bookings by a scanned code, redeem and validate them,
and tell a scanner which of its API keys owns a code."""
