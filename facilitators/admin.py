from django.contrib import admin

from facilitators.models import (
    Certification,
    FacilitatorApplication,
    FacilitatorInvitation,
    FacilitatorProfile,
)


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(FacilitatorProfile)
class FacilitatorProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "is_active", "region_names"]
    list_filter = ["is_active", "regions"]
    search_fields = ["display_name", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    filter_horizontal = ["regions"]
    autocomplete_fields = ["user"]
    inlines = [CertificationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regions")

    @admin.display(description="Regions")
    def region_names(self, obj):
        return ", ".join(region.name for region in obj.regions.all())


@admin.register(FacilitatorApplication)
class FacilitatorApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region", "status", "created_at"]
    list_filter = ["status", "region"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["region"]


@admin.register(FacilitatorInvitation)
class FacilitatorInvitationAdmin(admin.ModelAdmin):
    """Invitations waiting for an answer; deleting one withdraws it."""

    list_display = ["user", "region", "display_name", "invited_by", "created_at"]
    list_filter = ["region"]
    search_fields = ["user__email", "display_name"]
    list_select_related = ["user", "region", "invited_by"]
    autocomplete_fields = ["user", "invited_by"]
