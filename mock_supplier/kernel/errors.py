"""OCTO errors as plain exceptions: the rules raise them, one Flask handler renders them.

Nothing here knows about HTTP except the status table at the bottom, which is the
single place that maps an error code to a status (the standard says 400 for all but
INTERNAL_SERVER_ERROR).
"""
from __future__ import annotations


class OctoError(Exception):
    """Base class: an OCTO error code, a human message and an optional echoed field."""

    code = "INTERNAL_SERVER_ERROR"
    echo_field: str | None = None

    def __init__(self, message: str, echo_value: object = None):
        super().__init__(message)
        self.message = message
        self.echo_value = echo_value

    def body(self) -> dict:
        """The OCTO error body: {error, errorMessage, <echo field>}."""
        body = {"error": self.code, "errorMessage": self.message}
        if self.echo_field is not None:
            body[self.echo_field] = self.echo_value
        return body


class BadRequest(OctoError):
    """Malformed body, missing required fields or wrong types."""

    code = "BAD_REQUEST"


class Unauthorized(OctoError):
    """No API key was sent."""

    code = "UNAUTHORIZED"


class Forbidden(OctoError):
    """The API key is unknown or not allowed."""

    code = "FORBIDDEN"


class UnprocessableEntity(OctoError):
    """A valid request that cannot be carried out (sold out, wrong state, restrictions)."""

    code = "UNPROCESSABLE_ENTITY"


class InternalServerError(OctoError):
    """A fault of the mock itself."""

    code = "INTERNAL_SERVER_ERROR"


class _InvalidId(OctoError):
    """An unknown or missing id, echoed back in the error body."""

    noun = "id"

    def __init__(self, value: object, message: str | None = None):
        super().__init__(message or f"Invalid {self.noun}: {value!r}", value)


class InvalidProductId(_InvalidId):
    code, echo_field, noun = "INVALID_PRODUCT_ID", "productId", "productId"


class InvalidOptionId(_InvalidId):
    code, echo_field, noun = "INVALID_OPTION_ID", "optionId", "optionId"


class InvalidUnitId(_InvalidId):
    code, echo_field, noun = "INVALID_UNIT_ID", "unitId", "unitId"


class InvalidAvailabilityId(_InvalidId):
    code, echo_field, noun = "INVALID_AVAILABILITY_ID", "availabilityId", "availabilityId"


class InvalidBookingUuid(_InvalidId):
    code, echo_field, noun = "INVALID_BOOKING_UUID", "uuid", "booking uuid"


HTTP_STATUS = {"INTERNAL_SERVER_ERROR": 500}


def http_status(error: OctoError) -> int:
    """The HTTP status for an error: 400 for every code but INTERNAL_SERVER_ERROR."""
    return HTTP_STATUS.get(error.code, 400)
