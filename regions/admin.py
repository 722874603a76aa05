from django.contrib import admin
from django.db import models

from regions.models import Coordinator, Region, Venue
from regions.services import region_update, venue_update


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "phone", "email", "timezone"]
    search_fields = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CoordinatorInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        # The service: it copies a new timezone to the groups; their feeds move with the save.
        region_update(region=obj)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "town", "address_is_public", "is_active"]
    list_filter = ["region", "kind", "address_is_public", "is_active"]
    search_fields = ["name", "slug", "town", "address"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        venue_update(venue=obj)


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "region__name"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]
