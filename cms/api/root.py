"""The headless API, assembled from the plugin registry (django-ninja, as Wagtail 8's v3 API)."""

from ninja import NinjaAPI, Schema

from cms.registry import registry

api = NinjaAPI(
    title="Nordthüringen CMS API",
    version="1.0.0",
    description="Read API for the website and the mobile app of the Regionalmanagement Nordthüringen.",
    urls_namespace="cms_api",
)


class ContentTypeOut(Schema):
    api_name: str
    kind: str
    plugin: str


class RootOut(Schema):
    name: str
    content_types: list[ContentTypeOut]


@api.get("/", response=RootOut, summary="API root: the content types this installation serves")
def root(request):
    return {
        "name": api.title,
        "content_types": [
            {"api_name": ct.api_name, "kind": ct.kind, "plugin": plugin.label}
            for plugin in registry
            for ct in plugin.content_types
        ],
    }
