"""The root URLs: each app routes its own pages (see docs/architecture.md)."""

from allauth.mfa.totp import views as totp_views
from csp.decorators import csp_update
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from peerhub.health import healthz
from peerhub.languages import switch_language
from publishing.api import api
from website import urls as website_urls
from website.sitemap_views import sitemap_index, sitemap_section
from website.sitemaps import robots_txt

urlpatterns = [
    # allauth draws the new authenticator's QR code as a data: image; this page alone may show
    # one (the CSP, peerhub/settings/base.py). Same address and name as allauth's own.
    path(
        "accounts/2fa/totp/activate/",
        csp_update({"img-src": "data:"})(totp_views.activate_totp),
        name="mfa_activate_totp",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("manage/", include("console.urls")),
    path("me/", include("me.urls")),
    path("api/v1/", api.urls),
    path("", include("publishing.urls")),
    path("", include(website_urls.file_urlpatterns)),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("healthz", healthz, name="healthz"),
    path("language/", switch_language, name="switch-language"),
]
# The public pages in each language: English unprefixed, /es/..., /pt-br/... (peerhub/languages.py).
urlpatterns += i18n_patterns(path("", include("website.urls")), prefix_default_language=False)

# While the database is away, a 503 page instead of the 500 (peerhub/errors.py).
handler500 = "peerhub.errors.server_error"
