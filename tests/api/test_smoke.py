def test_root_lists_registry_types(api):
    body = api.get_json("/api/v1/")
    names = {ct["api_name"] for ct in body["content_types"]}
    assert {"home", "event", "venue"} <= names


def test_event_detail_and_listing(api, event):
    body = api.get_json(f"/api/v1/pages/{event.pk}/")
    assert body["type"] == "event"
    assert body["start"] == "2026-05-12"
    assert body["path"] == "/regionalforum/"
    listing = api.get_json("/api/v1/pages/?type=event")
    assert [item["id"] for item in listing["items"]] == [event.pk]
    found = api.get_json("/api/v1/pages/find/?path=/regionalforum/&locale=de")
    assert found["id"] == event.pk
