from django.contrib import admin


class SuperuserAdminSite(admin.AdminSite):
    """The Django admin is for superusers; coordinators work in /manage/."""

    site_header = "PeerHub administration"
    site_title = "PeerHub admin"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
