"""The API's errors in the caller's language.

Ninja answers its own errors in English ("Unauthorized", "Not Found") and passes pydantic's
messages through ("Field required"). An integrator at a department reads them while wiring a
document system to Hoptac, so they follow the same language rule as the pages (Vietnamese unless
chosen otherwise; an API client chooses with `Accept-Language`, see `LanguageMiddleware`). What a
program reads stays the same in every language: the status, and in a schema error each item's
`loc` and `type` (pydantic's error type, e.g. "missing"); only `detail` / `msg` are translated.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

# pydantic's error types that a caller of this API can meet, with the context each names.
MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not expected here."),
    "string_type": gettext_lazy("A text is expected."),
    "string_too_short": gettext_lazy("At least %(min_length)s characters."),
    "string_too_long": gettext_lazy("At most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("The text does not have the expected form."),
    "int_type": gettext_lazy("A whole number is expected."),
    "int_parsing": gettext_lazy("A whole number is expected."),
    "int_from_float": gettext_lazy("A whole number is expected."),
    "float_type": gettext_lazy("A number is expected."),
    "float_parsing": gettext_lazy("A number is expected."),
    "decimal_parsing": gettext_lazy("A number is expected."),
    "bool_type": gettext_lazy("true or false is expected."),
    "bool_parsing": gettext_lazy("true or false is expected."),
    "greater_than": gettext_lazy("Must be greater than %(gt)s."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "less_than": gettext_lazy("Must be less than %(lt)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
    "date_type": gettext_lazy("A date is expected (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("A date is expected (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("A date is expected (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("A date is expected (YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("A date and time is expected (ISO 8601)."),
    "datetime_parsing": gettext_lazy("A date and time is expected (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("A date and time is expected (ISO 8601)."),
    "literal_error": gettext_lazy("Must be one of: %(expected)s."),
    "enum": gettext_lazy("Must be one of: %(expected)s."),
    "list_type": gettext_lazy("A list is expected."),
    "too_short": gettext_lazy("At least %(min_length)s items."),
    "too_long": gettext_lazy("At most %(max_length)s items."),
    "dict_type": gettext_lazy("An object is expected."),
    "model_attributes_type": gettext_lazy("An object is expected."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "url_parsing": gettext_lazy("A web address is expected."),
    "uuid_parsing": gettext_lazy("An identifier (UUID) is expected."),
}

# Ninja's own HttpError messages.
NINJA_MESSAGES = {
    "CSRF check Failed": gettext_lazy("The CSRF token is missing or wrong: reload the page."),
    "Too many requests.": gettext_lazy("Too many requests: wait a moment and try again."),
    "Cannot parse request body": gettext_lazy("The body could not be read."),
}


def translated(error: dict[str, Any]) -> dict[str, Any]:
    """One item of a schema error with its `msg` in the active language (pydantic's own message
    where its type is not one of MESSAGES, e.g. a validator's own text)."""
    template = MESSAGES.get(error.get("type", ""))
    if template is None:
        return error
    ctx = error.get("ctx") or {}
    try:
        text = str(template)
        msg = text % {k: str(v) for k, v in ctx.items()} if "%(" in text else text
    except KeyError:
        return error
    return {**error, "msg": msg}


def install(api: NinjaAPI) -> None:
    """Ninja's own errors in the caller's language."""

    @api.exception_handler(AuthenticationError)
    def _not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = gettext("Not signed in: send a session cookie or an API token.")
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(AuthorizationError)
    def _not_allowed(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return api.create_response(request, {"detail": gettext("Not allowed.")}, status=403)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        detail = gettext("Nothing of that id that you may see.")
        return api.create_response(request, {"detail": detail}, status=404)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        known = NINJA_MESSAGES.get(message)
        detail = str(known) if known is not None else message
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def _not_valid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": [translated(e) for e in exc.errors]}, status=422
        )
