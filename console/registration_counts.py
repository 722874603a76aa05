"""Registrations in the monthly report: how many, never who (one query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from groups.models import Registration

Status = Registration.Status


@dataclass(frozen=True)
class RegistrationCounts:
    confirmed: int = 0
    waiting: int = 0  # still waiting or offered a place when the month's data was read
    cancelled: int = 0
    came: int = 0
    did_not_come: int = 0

    def rows(self) -> list[list]:
        """For the CSV: a blank row, a header, and the counts; nothing in a month without any."""
        if not (self.confirmed or self.waiting or self.cancelled):
            return []
        return [
            [],
            ["Registrations", "Confirmed", "Waiting", "Cancelled", "Came", "Did not come"],
            ["", self.confirmed, self.waiting, self.cancelled, self.came, self.did_not_come],
        ]


def registration_counts(region, first, last) -> RegistrationCounts:
    """The region's registrations for sessions from ``first`` to ``last``, counted."""
    tally = dict.fromkeys(("confirmed", "waiting", "cancelled", "came", "did_not_come"), 0)
    found = (
        Registration.objects.filter(group__region=region, session_date__range=(first, last))
        .values_list("status", "attended")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for status, attended, n in found:
        if status == Status.CONFIRMED:
            tally["confirmed"] += n
        elif status == Status.CANCELLED:
            tally["cancelled"] += n
        else:
            tally["waiting"] += n
        if status == Status.CONFIRMED and attended is True:
            tally["came"] += n
        elif status == Status.CONFIRMED and attended is False:
            tally["did_not_come"] += n
    return RegistrationCounts(**tally)
