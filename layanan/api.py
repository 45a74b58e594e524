"""The public API: one NinjaAPI, one router per app, OpenAPI generated."""

from ninja import NinjaAPI

from layanan.accounts.api import router as accounts_router
from layanan.catalog.api import router as catalog_router
from layanan.community.api import router as community_router

api = NinjaAPI(
    title="Layanan API",
    version="1",
    description="Open data on Indonesian public services. All read endpoints are public.",
    urls_namespace="api",
)

api.add_router("/", catalog_router)
api.add_router("/", accounts_router)
api.add_router("/", community_router)
api.add_router("/", "layanan.search.api.router")
