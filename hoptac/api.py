"""The JSON API under /api/, its OpenAPI document at /api/openapi.json.

Each app contributes a router from its own ``api.py``.
"""

from importlib import import_module

from ninja import NinjaAPI

api = NinjaAPI(
    title="Hoptac API",
    version="1.0",
    description="Hoptac — the platform on which partner cities carry out their cooperation.",
    urls_namespace="api",
)
for app in ("core", "search", "programmes", "exchange", "investment", "indicators"):
    api.add_router("/", import_module(f"hoptac.{app}.api").router)
