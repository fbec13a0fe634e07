"""The web layer: Flask. Turns the operations core and the capabilities declare into routes,
renders OCTO errors, serves the OpenAPI document and the /_control test interface."""
