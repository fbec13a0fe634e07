"""octo/gifts (seed 003): gift vouchers sold for an amount, and bookings paid with them."""
