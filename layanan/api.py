"""The public API: one NinjaAPI, one router per app, OpenAPI generated."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Layanan API",
    version="1",
    description="Open data on Indonesian public services. All read endpoints are public.",
    urls_namespace="api",
)
