from django.contrib.admin.apps import AdminConfig


class PeerHubAdminConfig(AdminConfig):
    default_site = "peerhub.admin.SuperuserAdminSite"
