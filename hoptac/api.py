"""The JSON API under /api/, its OpenAPI document at /api/openapi.json.

Each app contributes a router from its own ``api.py``. The document also declares the errors
every operation can answer (401, 404, 422), which the routers need not repeat.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.http.request import RawPostDataException
from django.utils.translation import gettext
from ninja import NinjaAPI

from hoptac.core import api_errors

# Every error body of the API: {"detail": "…"} from an HttpError or a 401/403/404, or
# {"detail": [{"loc", "msg", "type"}, …]} when the request fails its schema, with "errors" per
# field when a model refuses a write.
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["loc", "msg", "type"],
                        "properties": {
                            "loc": {
                                "type": "array",
                                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            },
                            "msg": {"type": "string"},
                            "type": {"type": "string"},
                        },
                    },
                },
            ]
        },
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
ERRORS = {
    "400": "The body could not be read (not JSON).",
    "401": "Not signed in.",
    "403": "Signed in, but not allowed (or the CSRF token is missing on a write).",
    "404": "Nothing of that id that the caller may see.",
    "422": "A parameter or the body is not valid; `detail` says which.",
}


class HoptacAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                # Ninja keys the statuses an operation declares by int: one key per status.
                responses = operation.setdefault("responses", {})
                for key in [k for k in responses if not isinstance(k, str)]:
                    responses[str(key)] = responses.pop(key)
                for status in _errors_of(method, operation):
                    operation.setdefault("responses", {})[status] = {
                        "description": ERRORS[status],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    }
        return schema


def _errors_of(method: str, operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    statuses = []
    if operation.get("security"):
        statuses.append("401")
        if method != "get":
            statuses.append("403")
    if any(p.get("in") == "path" for p in parameters):
        statuses.append("404")
    if "requestBody" in operation:
        statuses.append("400")
    if parameters or "requestBody" in operation:
        statuses.append("422")
    return statuses


api = HoptacAPI(
    title="Hoptac API",
    version="1.0",
    description="Hoptac — the platform on which partner cities carry out their cooperation.",
    urls_namespace="api",
)
api_errors.install(api)
# Programmes' writes (tokens, webhooks) add their operations to its router from a module of
# their own.
import_module("hoptac.programmes.api_tasks")
for app in ("core", "search", "programmes", "exchange", "investment", "indicators"):
    api.add_router("/", import_module(f"hoptac.{app}.api").router)


@api.exception_handler(RawPostDataException)
def _form_body_to_a_json_operation(request, exc):
    """A form (multipart) body sent to an operation that reads JSON, by a signed-in session:
    the CSRF check has read the form, the JSON is no longer there. A 400, not a 500."""
    return api.create_response(
        request,
        {"detail": gettext("The body must be JSON (Content-Type: application/json).")},
        status=400,
    )
