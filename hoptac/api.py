"""The JSON API under /api/, its OpenAPI document at /api/openapi.json."""

from ninja import NinjaAPI

from hoptac.core.api import router as core_router

api = NinjaAPI(
    title="Hoptac API",
    version="1.0",
    description="Hoptac — the platform on which partner cities carry out their cooperation.",
    urls_namespace="api",
)
api.add_router("/", core_router)
