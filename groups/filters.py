"""The public calendar's filters, shared by /calendar/ and /calendar.ics.

Every filter here selects groups; filters on single sessions (weekday, time of day) live with
the calendar page in ``website/calendar.py``, because a feed always carries whole series.
"""

import django_filters

from groups.models import AccessFeature, FeedVersion, Group, Language
from groups.search import matching_pks
from groups.version_selectors import feed_version
from regions.models import Region, Venue


class GroupFilter(django_filters.FilterSet):
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="region__slug", to_field_name="slug", queryset=Region.objects.all()
    )
    venue = django_filters.ModelChoiceFilter(
        field_name="venue",
        to_field_name="slug",
        queryset=Venue.objects.select_related("region"),
    )
    type = django_filters.ChoiceFilter(field_name="kind", choices=Group.Kind.choices)
    venue_kind = django_filters.ChoiceFilter(field_name="venue__kind", choices=Venue.Kind.choices)
    town = django_filters.CharFilter(field_name="venue__town", lookup_expr="iexact", max_length=80)
    q = django_filters.CharFilter(method="search", max_length=100)
    # Only "open to all" is offered: the other audiences are narrower, never a filter people need.
    audience = django_filters.ChoiceFilter(
        field_name="audience", choices=[(Group.Audience.EVERYONE, "Open to all")]
    )
    # Someone who needs a ramp and an interpreter needs both: every feature asked for.
    access = django_filters.ModelMultipleChoiceFilter(
        field_name="access_features__slug",
        to_field_name="slug",
        queryset=AccessFeature.objects.all(),
        conjoined=True,
    )
    # Any of the languages asked for.
    language = django_filters.ModelMultipleChoiceFilter(
        field_name="languages__code", to_field_name="code", queryset=Language.objects.all()
    )

    class Meta:
        model = Group
        fields = []

    def __init__(self, *args, network: FeedVersion | None = None, **kwargs):
        """``network``: the network's version, when the caller has read it already."""
        super().__init__(*args, **kwargs)
        self.network = network

    def search(self, queryset, name, value):
        """Every word typed matches something public about the group (``groups/search.py``)."""
        pks = matching_pks(value, self.network or feed_version(FeedVersion.NETWORK))
        return queryset if pks is None else queryset.filter(pk__in=pks)

    def canonical(self) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
        """The filters in force as (name, value) pairs in a fixed order, for cache keys and
        ETags: the same filtered view gets the same entry, whatever the order of the query.

        Parsed values, not joined text: ``core.cache.key`` encodes them unambiguously.
        """
        parts = []
        for name in sorted(self.form.cleaned_data):
            value = self.form.cleaned_data[name]
            if name in ("region", "access", "language"):
                value = tuple(sorted({_key(item) for item in value or ()}))
            elif name == "venue" and value is not None:
                value = _key(value)
            elif isinstance(value, str):
                value = value.lower()
            if value:
                parts.append((name, value))
        return tuple(parts)


def _key(item) -> str:
    """The URL value of a chosen region, venue, access feature or language."""
    return getattr(item, "slug", None) or item.code
