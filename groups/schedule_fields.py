"""The stored form of a group's rule: django-recurrence's field, and the text no parser reads.

``groups.models`` re-exports ``StoredRecurrenceField`` (migration 0007 names it there).
"""

import datetime as dt

from recurrence import Recurrence
from recurrence.exceptions import DeserializationError
from recurrence.fields import RecurrenceField

# django-recurrence keeps dates as UTC datetimes; local noon keeps the date the same whatever
# TIME_ZONE a server runs with (within ±11 hours), so a date never slips by a day.
RECURRENCE_DATE_TIME = dt.time(12, 0)


class UnreadableRecurrence(Recurrence):
    """Rule text no parser reads (a hand-made SQL fix, an import): kept, never expanded."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class StoredRecurrenceField(RecurrenceField):
    """django-recurrence's field, except that one row's unreadable text cannot fail a query.

    It loads as an ``UnreadableRecurrence`` (the group is then left out of every page and feed,
    see ``Group.schedule_problem``) and is written back unchanged until someone replaces it.
    """

    def from_db_value(self, value, *args, **kwargs):
        try:
            return self.to_python(value)
        except DeserializationError:
            return UnreadableRecurrence(value)

    def get_prep_value(self, value):
        if isinstance(value, UnreadableRecurrence):
            return value.text
        return super().get_prep_value(value)
