import datetime as dt

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html_join

from groups.freshness import changes
from groups.models import (
    AccessFeature,
    Group,
    GroupFacilitator,
    GroupFeedback,
    Language,
    Registration,
    SessionChange,
    SessionRecord,
    SessionSubstitute,
    SubstituteRequest,
)
from groups.services import ANY_VERSION, group_update

PREVIEW_DAYS = 63


class FreshAdmin(admin.ModelAdmin):
    """Every write of the admin is one unit of work (groups/freshness.py): a save with its
    inlines, a delete, or an action on many rows moves each feed it touches once, in its
    transaction. No view here names a feed."""

    def changeform_view(self, *args, **kwargs):
        with changes():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with changes():
            return super().delete_view(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):  # actions and list_editable
        with changes():
            return super().changelist_view(*args, **kwargs)


class GroupFacilitatorInline(admin.TabularInline):
    model = GroupFacilitator
    extra = 0
    autocomplete_fields = ["facilitator"]


class SessionChangeInline(admin.StackedInline):
    model = SessionChange
    extra = 0
    fk_name = "group"
    autocomplete_fields = ["new_venue"]
    exclude = ["created_by"]


@admin.register(Group)
class GroupAdmin(FreshAdmin):
    list_display = ["title", "region", "venue", "kind", "status", "is_public", "start_date"]
    list_filter = ["region", "kind", "audience", "status", "is_public", "access_features"]
    search_fields = ["title", "slug", "description", "venue__name", "venue__town"]
    list_select_related = ["region", "venue"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["venue"]
    filter_horizontal = ["languages", "access_features"]
    readonly_fields = ["uuid", "timezone", "sequence", "upcoming_sessions", "updated_at"]
    inlines = [GroupFacilitatorInline, SessionChangeInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "description", "kind", "audience", "is_public")}),
        ("Where", {"fields": ("region", "venue", "how_to_join")}),
        (
            "When",
            {
                "description": "Times are wall-clock times in the region's timezone.",
                "fields": (
                    "start_date",
                    "start_time",
                    "duration_minutes",
                    "recurrences",
                    "end_date",
                    "status",
                    "upcoming_sessions",
                ),
            },
        ),
        ("Access", {"fields": ("languages", "access_features", "resources")}),
        ("Record", {"fields": ("last_confirmed_on", "uuid", "timezone", "sequence", "updated_at")}),
    )

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The service: it claims a new version (a console form opened before this is stale)
        # and writes the fields this form changed onto the group as it is now.
        concrete = {field.name for field in Group._meta.concrete_fields}
        group_update(
            group=obj,
            expected_version=ANY_VERSION,
            **{name: form.cleaned_data[name] for name in form.changed_data if name in concrete},
        )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            if formset.model is SessionChange:
                for session_change in formset.forms:
                    if not session_change.instance.pk:
                        session_change.instance.created_by = request.user
        super().save_related(request, form, formsets, change)

    @admin.display(description=f"Next sessions ({PREVIEW_DAYS // 7} weeks)")
    def upcoming_sessions(self, obj):
        if obj.pk is None:
            return "Save the group to see its sessions."
        if obj.schedule_problem is not None:
            return f"The schedule cannot be read: {obj.schedule_problem}. Set it again and save."
        now = timezone.now()
        changes = [change.as_change() for change in obj.changes.all()]
        sessions = obj.schedule.occurrences_between(
            now, now + dt.timedelta(days=PREVIEW_DAYS), changes
        )
        if not sessions:
            return "No sessions in the coming weeks."
        return format_html_join(
            "",
            "<div>{} {}</div>",
            (
                (
                    f"{occ.start:%a %d %b %Y, %I:%M %p}–{occ.end:%I:%M %p}",
                    "(cancelled)" if occ.cancelled else "(moved)" if occ.moved else "",
                )
                for occ in sessions
            ),
        )


@admin.register(SessionChange)
class SessionChangeAdmin(FreshAdmin):
    list_display = ["group", "original_date", "kind", "new_date", "new_start_time", "new_venue"]
    list_filter = ["kind", "group__region"]
    search_fields = ["group__title", "public_note", "private_note"]
    list_select_related = ["group", "new_venue"]
    autocomplete_fields = ["group", "new_venue"]
    date_hierarchy = "original_date"
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SessionSubstitute)
class SessionSubstituteAdmin(FreshAdmin):
    list_display = ["group", "original_date", "substitute", "replaces"]
    list_filter = ["group__region"]
    search_fields = ["group__title", "substitute__display_name", "replaces__display_name"]
    list_select_related = ["group", "substitute", "replaces"]
    autocomplete_fields = ["group", "substitute", "replaces"]
    date_hierarchy = "original_date"
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GroupFacilitator)
class GroupFacilitatorAdmin(FreshAdmin):
    list_display = ["group", "facilitator", "role"]
    list_filter = ["role", "group__region"]
    search_fields = ["group__title", "facilitator__display_name"]
    list_select_related = ["group", "facilitator"]
    autocomplete_fields = ["group", "facilitator"]


@admin.register(AccessFeature)
class AccessFeatureAdmin(FreshAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Language)
class LanguageAdmin(FreshAdmin):
    list_display = ["name", "name_local", "code"]
    search_fields = ["name", "name_local"]


@admin.register(SubstituteRequest)
class SubstituteRequestAdmin(FreshAdmin):
    list_display = ["group", "original_date", "requested_by", "status", "taken_by"]
    list_filter = ["status", "group__region"]
    search_fields = ["group__title", "requested_by__display_name", "taken_by__display_name"]
    list_select_related = ["group", "requested_by", "taken_by"]
    autocomplete_fields = ["group", "requested_by", "taken_by"]
    date_hierarchy = "original_date"


@admin.register(SessionRecord)
class SessionRecordAdmin(FreshAdmin):
    list_display = ["group", "original_date", "held", "attendance"]
    list_filter = ["held", "group__region"]
    search_fields = ["group__title", "note", "not_held_reason"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    date_hierarchy = "original_date"
    exclude = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GroupFeedback)
class GroupFeedbackAdmin(FreshAdmin):
    list_display = ["group", "rating", "created_at", "handled_at", "handled_by"]
    list_filter = ["rating", "group__region", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["group__title", "comment"]
    list_select_related = ["group", "handled_by"]
    readonly_fields = ["handled_at", "handled_by"]
    autocomplete_fields = ["group"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Personal data: for mending a typo. Seats, offers and cancelling go through the console
    (groups/registrations.py), so the status and the offer's deadline are read-only here."""

    list_display = ["first_name", "group", "session_date", "status", "attended"]
    list_filter = ["status", "group__region"]
    search_fields = ["group__title", "first_name", "email"]
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    date_hierarchy = "session_date"
    readonly_fields = ["group", "session_date", "status", "offered_until", "created_at"]
