"""Core OCTO: products, availability and bookings, as rules that never import Flask."""
