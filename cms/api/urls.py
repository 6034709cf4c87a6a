"""API URLs: ours at /api/v1/, Wagtail's stock v2 API at /api/v2/ (compatibility, benchmarks).

The v2 pages endpoint is Wagtail's own with the read-side URL check of ``cms.api.v2``.
"""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.api.root import api
from cms.api.v2 import PagesAPIViewSet

v2 = WagtailAPIRouter("wagtailapi")
v2.register_endpoint("pages", PagesAPIViewSet)
v2.register_endpoint("images", ImagesAPIViewSet)
v2.register_endpoint("documents", DocumentsAPIViewSet)

urlpatterns = [path("v1/", api.urls), path("v2/", v2.urls)]
