"""A sync client as a front end would write one: keeps items by (type, id), applies deltas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class SyncClient:
    """Follows ``/api/v1/sync/`` for one locale and reader (``headers``: e.g. a bearer token)."""

    http: object  # django.test.Client
    locale: str
    headers: dict = field(default_factory=dict)
    type: str | None = None
    items: dict = field(default_factory=dict)
    token: str | None = None
    answers: int = 0

    def get(self, token: str | None) -> dict:
        query = {"locale": self.locale}
        if self.type:
            query["type"] = self.type
        if token:
            query["sync_token"] = token
        response = self.http.get(f"/api/v1/sync/?{urlencode(query)}", **self.headers)
        assert response.status_code == 200, response.content[:500]
        self.answers += 1
        return json.loads(response.content)

    def sync(self) -> dict:
        """Fetch until up to date; returns the held items."""
        token = self.token
        while True:
            answer = self.get(token)
            for item in answer["items"]:
                assert item["locale"] == self.locale
                self.items[(item["type"], item["id"])] = item["data"]
            for gone in answer["deleted"]:
                assert gone["locale"] == self.locale
                self.items.pop((gone["type"], gone["id"]), None)
            if answer["next_sync_token"]:
                assert answer["next_page_token"] is None
                self.token = answer["next_sync_token"]
                return self.items
            token = answer["next_page_token"]
            assert token

    def fresh(self) -> dict:
        """What a new client holds after its first sync."""
        return SyncClient(self.http, self.locale, self.headers, self.type).sync()
