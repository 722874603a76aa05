from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.decorators import method_decorator


class SuperuserAdminSite(admin.AdminSite):
    """The Django admin is for superusers; coordinators work in /manage/."""

    site_header = "PeerHub administration"
    site_title = "PeerHub admin"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    # Sign-in goes through allauth (/accounts/login/): its rate limits and two-factor step.
    @method_decorator(secure_admin_login)
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)
