"""The mock's kernel: what every OCTO object and capability is built on, knowing none of them.

The mock is layered, each layer importing only those below it (tests/test_code.py checks):

    kernel, catalogue   this package and the data of what is sold: no Flask, no capability
    core                OCTO core: products, availability, bookings (mock_supplier/core)
    capabilities        plug-ins, each a package registering what it adds (mock_supplier/capabilities)
    web                 Flask: turns the declared operations into routes (mock_supplier/web)

Here: the request context, JSON encoding, references and contacts, errors that know nothing
about HTTP, the clock, the SQLite store, typed records, the one hold lifecycle shared by
bookings and gift vouchers, operations declared once, and the plug-in interface.
"""
