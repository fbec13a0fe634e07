"""Rules of core OCTO (SPEC-DIGEST §1-4, seed 002 for bookings), one test per rule."""
