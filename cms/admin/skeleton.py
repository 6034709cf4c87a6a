"""A new page starts with a StreamField skeleton its page type declares.

A page type sets ``stream_skeleton`` to a mapping of StreamField name to the blocks a new page
starts with, as ``(block_name, value)`` pairs (or a callable returning them), e.g.::

    stream_skeleton = {
        "body": [
            ("heading", {"text": "Ausgangslage", "level": "h2"}),
            ("rich_text", RichText("")),
        ]
    }

When an editor opens the create view, Wagtail sends ``init_new_page`` with the unsaved page;
:func:`apply_skeleton` fills each still-empty field. Empty required blocks in the skeleton keep a
draft savable (Wagtail defers required fields for drafts) and must be filled before publishing.
"""

from __future__ import annotations

from typing import Any

from wagtail.signals import init_new_page


def skeleton_for(page_class: type) -> dict[str, list[tuple[str, Any]]]:
    """The page type's ``stream_skeleton``: ``{field name: [(block name, value), …]}``, a callable's
    result or a copy of the declared list per field; ``{}`` when it declares none.
    """
    declared = getattr(page_class, "stream_skeleton", None) or {}
    return {
        name: (blocks() if callable(blocks) else list(blocks)) for name, blocks in declared.items()
    }


def apply_skeleton(sender, page, parent=None, **kwargs) -> None:
    """``init_new_page`` receiver: fill every empty StreamField of a new page from its skeleton;
    fields that already hold blocks are kept.
    """
    for field_name, blocks in skeleton_for(type(page)).items():
        current = getattr(page, field_name, None)
        if current is None or len(current) == 0:
            setattr(page, field_name, blocks)


def connect() -> None:
    """Connect :func:`apply_skeleton` to Wagtail's ``init_new_page`` signal (idempotent)."""
    init_new_page.connect(apply_skeleton, dispatch_uid="cms.admin.skeleton")
