"""The public calendar's filters, shared by /calendar/ and /calendar.ics."""

import django_filters
from django.db.models import Q

from regions.models import Region, Venue

from .models import Group


class GroupFilter(django_filters.FilterSet):
    region = django_filters.ModelMultipleChoiceFilter(
        field_name="region__slug", to_field_name="slug", queryset=Region.objects.all()
    )
    type = django_filters.ChoiceFilter(field_name="kind", choices=Group.Kind.choices)
    venue_kind = django_filters.ChoiceFilter(field_name="venue__kind", choices=Venue.Kind.choices)
    town = django_filters.CharFilter(field_name="venue__town", lookup_expr="iexact", max_length=80)
    q = django_filters.CharFilter(method="search", max_length=100)

    class Meta:
        model = Group
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(venue__name__icontains=value)
            | Q(venue__town__icontains=value)
            | Q(region__name__icontains=value)
        )

    def canonical_query(self) -> str:
        """The filters in a fixed order: the same filtered view gets the same cache entry."""
        parts = []
        for name in sorted(self.form.cleaned_data):
            value = self.form.cleaned_data[name]
            if name == "region":
                value = ",".join(sorted(region.slug for region in value))
            if value:
                parts.append(f"{name}={str(value).lower()}")
        return "&".join(parts)
