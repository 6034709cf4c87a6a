"""The events plugin's blocks: the core body plus an event's schedule, a block kind of its own
(its API schema and serializer are registered in ``api.py``)."""

from django import forms
from wagtail import blocks

from cms.content import BodyBlock


class ScheduleBlock(blocks.FieldBlock):
    """An event's schedule, typed by editors as one line per item: ``"09:30 Begrüßung"``.

    Stored as that text; served as a list of ``{"time": "09:30", "title": "Begrüßung"}``: a
    value shape none of Wagtail's block kinds has, hence its own spec (``api.schedule``).
    """

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = forms.CharField(
            required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": 6})
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "time"
        label = "Ablauf"
        help_text = "Eine Zeile je Programmpunkt: Uhrzeit, Leerzeichen, Titel (09:30 Begrüßung)."
        preview_value = "09:30 Begrüßung\n10:00 Vorträge"


class EventBodyBlock(BodyBlock):
    """The core body plus the schedule."""

    schedule = ScheduleBlock()
