"""octo/cart rules: orders of several bookings, started and joined by reservations, confirmed and cancelled whole."""
