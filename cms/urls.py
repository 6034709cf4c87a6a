import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.admin.bulk_actions import urlpatterns as bulk_action_urlpatterns
from cms.admin.reports import urlpatterns as report_urlpatterns
from cms.api.urls import urlpatterns as api_urlpatterns
from cms.runtime.health import LivenessView, ReadinessView
from cms.runtime.media import ImageServeView, serve_media
from cms.runtime.metrics import metrics_view
from cms.runtime.sitemaps import SITEMAPS
from cms.translation.restrictions import privacy_view

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    # Before the admin's own URL of the same path: the privacy dialog of the translation group
    # (a restriction applies to every translation of a page; cms.translation.restrictions).
    path("admin/pages/<int:page_id>/privacy/", privacy_view, name="cms_set_privacy"),
    # Before the admin's own URLs: Wagtail's reports, limited to the viewer's reach
    # (cms.admin.reports).
    *report_urlpatterns(),
    # ... and its bulk actions, naming only reachable objects (cms.admin.bulk_actions).
    *bulk_action_urlpatterns(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail sends visitors of restricted documents to "wagtailcore_login"; the headless CMS has no
    # front-end login, so that name leads to the admin login (WAGTAIL_FRONTEND_LOGIN_URL).
    path(
        "login/",
        RedirectView.as_view(pattern_name="wagtailadmin_login", query_string=True),
        name="wagtailcore_login",
    ),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ImageServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/", include(api_urlpatterns)),
    # Liveness and readiness for load balancers and orchestrators (cms.runtime.health).
    path("health/live/", LivenessView.as_view(), name="health_live"),
    path("health/ready/", ReadinessView.as_view(), name="health_ready"),
    # Prometheus metrics, for a bearer token or allowed addresses only (cms.runtime.metrics).
    path("metrics", metrics_view, name="metrics"),
    # The website's site map: front-end URLs of every locale (cms.runtime.sitemaps).
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.DEBUG and settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Local media in development, by the visibility rule (documents never; images if visible).
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)
    )
