"""The API schema and serializer of the events plugin's own block kind (``Plugin.block_specs``)."""

import re

from cms.plugin.api import Out, block_serializer
from tests.plugins.events.blocks import ScheduleBlock

_LINE = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s+(.+?)\s*$")


class ScheduleEntry(Out):
    """One item of an event's schedule."""

    time: str  # "09:30", 24-hour clock, local time of the event
    title: str


@block_serializer(ScheduleBlock, schema=list[ScheduleEntry])
def schedule(raw, resolver) -> list[dict]:
    """``"09:30 Begrüßung\\n10.00 Vorträge"`` → ``[{"time": "09:30", "title": "Begrüßung"}, …]``;
    lines without a leading time are left out."""
    entries = []
    for line in str(raw or "").splitlines():
        match = _LINE.match(line)
        if match:
            hours, minutes = re.split(r"[:.]", match.group(1))
            entries.append({"time": f"{int(hours):02d}:{minutes}", "title": match.group(2)})
    return entries
