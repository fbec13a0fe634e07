"""Rules of octo/gifts (seed 003): gift vouchers, and paying bookings with them."""
