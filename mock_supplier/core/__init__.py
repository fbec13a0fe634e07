"""OCTO core: products, availability and bookings, knowing no capability (they plug in through
kernel/plugins.py hooks). Its operations are declared in endpoints.py; its tables in booking_table.py."""
