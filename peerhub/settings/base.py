"""Settings shared by every environment. Everything configurable comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from peerhub.logconfig import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A key is "real" when it is long, varied and not one of Django's generated development keys.
INSECURE_KEY_PREFIXES = ("django-insecure", "dev-only-", "change-me", "changeme")


def require_real_secret_key(value):
    """Return value if it is fit to sign production sessions, else refuse to start."""
    if not value:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    if value.lower().startswith(INSECURE_KEY_PREFIXES) or len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is not a real secret: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    return value


ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "peerhub.apps.PeerHubAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "recurrence",
    "ninja",
    "csp",
    "simple_history",
    "accounts",
    "console",
    "me",
    "website",
    "publishing",
    "regions",
    "facilitators",
    "groups",
    # The request id (X-Request-ID) of every answer and of every log line written for it.
    "django_guid",
    # The task queue that sends the emails (below), and core's own commands (failed_emails).
    "django_tasks",
    "django_tasks_db",
    "core",
]

MIDDLEWARE = [
    # First, so that every line logged while answering carries the request's id (django-guid).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A public feed kept whole in this worker, answered here while its version stands: it holds
    # the headers of the middleware below, and needs none of their work (groups/kept_answers.py).
    "groups.kept_answers.KeptAnswersMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (see "Security headers").
    "peerhub.content_policy.KeptPolicyCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Every answer of the console, /me/, /accounts/ and /admin/ (and to any form) is no-store,
    # the refusals of the middleware below it included.
    "peerhub.middleware.PrivatePagesMiddleware",
    # A control character in the path, a parameter or a form field is a 400 naming it.
    "peerhub.middleware.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of the answer: the address's /es/ or /pt-br/, else English for the public
    # pages (a browser asking for Spanish or Portuguese is sent to that page once), the visitor's
    # choice or browser on /me/ and /accounts/, English elsewhere (peerhub/languages.py).
    "peerhub.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A superuser without an authenticator app can only set one up (SUPERUSERS_REQUIRE_TOTP).
    "accounts.middleware.SuperuserTwoFactorMiddleware",
    # Every change saved during a request is recorded with who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Security headers (README, "Security headers and caching"). No page has inline script, inline
# style, a style attribute or an event handler, so nothing but the site's own files runs or
# styles a page. Two pages add data: images, each for a library's drawing: allauth's QR code for
# an authenticator app (peerhub/urls.py) and Swagger UI's icons on the API's documentation
# (publishing/api.py). Forms post to the site only; no page is framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The calendar's map (website/calendar_map.py): where its tiles come from ({z}/{x}/{y}), and the
# credit the tile server asks for (HTML: a link is allowed). The calendar page's policy adds the
# tiles' origin to img-src.
MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
OSM_CREDIT = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default=f"{OSM_CREDIT} contributors")

# The Meeting Guide feeds (publishing/meeting_guide.py): the state (two letters) and country
# (ISO 3166 code) every listed place is in; our venues keep only the street and the town.
MEETING_GUIDE_STATE = env.str("MEETING_GUIDE_STATE", default="MA")
MEETING_GUIDE_COUNTRY = env.str("MEETING_GUIDE_COUNTRY", default="US")
# Every powerful feature a page could ask for and the site never uses, denied to it and to
# anything it could frame. Only names Chromium knows: it reports any other on the console of
# every page (the browser tests fail on that). The calendar's "Use my location" asks for the
# visitor's position: geolocation is the site's own (the browser still asks the visitor first),
# never a frame's.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    ],
    [],
)
PERMISSIONS_POLICY["geolocation"] = ["self"]
# No script reads the CSRF cookie (forms carry the token), so scripts may not either. Both
# cookies stay SameSite=Lax, Django's default: Strict would drop the session cookie when someone
# follows a link to the site from an email (an invitation, a cover request) and show them
# signed out; Lax already keeps it off every cross-site POST, which is what CSRF needs.
CSRF_COOKIE_HTTPONLY = True

ROOT_URLCONF = "peerhub.urls"
# Health checks ask the server itself, in plain http, whatever SECURE_SSL_REDIRECT says
# (peerhub/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
WSGI_APPLICATION = "peerhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# SQLite allows one writer at a time. Every transaction takes the write lock when it begins
# (BEGIN IMMEDIATE), so a request that reads and then writes never finds the lock taken
# halfway through ("database is locked"): it waits its turn, up to the busy timeout.
SQLITE_BUSY_TIMEOUT = 20  # seconds
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    sqlite_options.setdefault("timeout", SQLITE_BUSY_TIMEOUT)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server: sign-in rate limits, used two-factor codes and built
# feeds must be the same whichever gunicorn worker answers. The table is made by
# `manage.py createcachetable`, run wherever migrate runs.
# Room for every feed of a national network (a region's, a venue's, a group's, a
# facilitator's): at Django's default of 300 entries the table would be culled on every write.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://peerhub_cache?MAX_ENTRIES=50000")}
# CACHE_URL=redis://host:6379/0 (or rediss://) is Django's own RedisCache, through the subclass
# in core/cache_backends.py that treats Redis being away as slower, never as an error. Parsed
# as Django's backend (whatever django-environ would pick), so the URL's query gives redis-py's
# options in its own spelling: ?socket_timeout=2.
if env.str("CACHE_URL", default="").split("://")[0] in ("redis", "rediss", "rediscache"):
    CACHES["default"] = env.cache_url_config(
        env.str("CACHE_URL"), backend="django.core.cache.backends.redis.RedisCache"
    ) | {"BACKEND": "core.cache_backends.RedisCache"}
# In front of it, each worker keeps the feeds and page parts it served last, bounded in bytes
# (core/cache.py). Entries are keyed by the version of their data, so they are never stale.
LOCAL_CACHE_MB = env.int("LOCAL_CACHE_MB", default=64)
# On PostgreSQL, each worker may keep feed versions in memory too, told of every change by
# LISTEN/NOTIFY (groups/versions.py): a warm feed then makes no query. On in production.
FEED_VERSIONS_LISTEN = env.bool("FEED_VERSIONS_LISTEN", default=False)
# With those versions in memory, each worker keeps whole the answers a view asks it to (the
# public feeds), given again before the rest of the middleware while the versions they were
# made from stand (groups/kept_answers.py). Bodies kept, in MB; 0 keeps none.
KEPT_ANSWERS_BYTES = env.int("KEPT_ANSWERS_MB", default=32) * 1024 * 1024
# The first visitor to ask for a page, feed or API answer that a change made old hands its build
# to the task worker of the "build" queue and is answered the version before (core/build_ahead.py).
# On in production, where that worker runs (docker-compose's builder).
BUILD_IN_WORKER = env.bool("BUILD_IN_WORKER", default=False)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend, loading the signed-in user with their facilitator profile (one query).
    "peerhub.auth_backends.SignedInUserBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Only so that sessions signed in before SignedInUserBackend keep working (a session
    # names the backend that signed it in); it signs nobody in that the first one would not.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
SITE_ID = 1

# Accounts are created by invitation only: the adapter closes sign-up.
ACCOUNT_ADAPTER = "peerhub.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset for an unknown address sends nothing (allauth would invite them to sign up).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's default ACCOUNT_RATE_LIMITS stay on; among them "login_failed" refuses a sixth
# failed sign-in to one account from one client address within five minutes (the adapter adds
# the address to allauth's key, so a stranger cannot lock the account's owner out), and more
# than ten a minute from one address.
# allauth adds these keys to its defaults (dict.update in allauth.account.app_settings). The
# public forms count per IP address, keyed by a digest of it (website/feedback.py), so the cache
# never holds the address itself.
ACCOUNT_RATE_LIMITS = {
    "group_feedback": "5/1h/key",
    "facilitator_application": "3/1h/key",
    "accommodation_request": "5/1h/key",
    "class_request": "5/1h/key",
    "session_registration": "10/1h/key",
    # New windows of the API's sessions built per address (publishing/api.py): a window asked for
    # before comes from the cache and is not counted.
    "api_occurrences": "30/1m/key",
    # New lists of groups (any set of regions: /api/v1/groups.json) built per address, likewise.
    "api_groups": "30/1m/key",
    # New filtered versions of /calendar.ics built per address (publishing/views.py), likewise.
    "feed_builds": "30/1m/key",
    # New calendar pages (a date, view or filter whose sessions are not kept) built per address
    # (website/calendar.py), likewise: a page built before is answered whatever the limit.
    "calendar_pages": "30/1m/key",
}
# The per-address limits above (allauth's and the public forms') count the address the request
# came from. X-Forwarded-For is believed only when proxies of ours add it: its last
# TRUSTED_PROXY_COUNT entries are theirs, the one they added first is the client's. Anything
# before them is whatever the visitor sent. 0, the default, ignores the header: set it only
# behind proxies that every request passes through (README, "Deploying with docker-compose").
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# A request to host a class (groups/class_requests.py) is deleted this many days after it is
# scheduled or declined; an open one waits for a coordinator.
CLASS_REQUEST_RETENTION_DAYS = env.int("CLASS_REQUEST_RETENTION_DAYS", default=90)
# Invitation links are allauth's password reset links, so they last PASSWORD_RESET_TIMEOUT.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Two-factor sign-in: an authenticator app with recovery codes, offered to everyone.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PeerHub"
# allauth refuses two-factor set-up while an address is unverified, against someone who signs
# up with another's address. There is no sign-up here, and any password reset request leaves an
# unverified address behind (ACCOUNT_EMAIL_VERIFICATION is "none"): it would lock out superusers.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Superusers must use it: accounts.middleware sends them to set it up first.
SUPERUSERS_REQUIRE_TOTP = True

# The network's home timezone. Every schedule is kept in its own region's timezone; this one is
# only the default for the admin and for django-recurrence's date serialisation.
LANGUAGE_CODE = "en"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# The public pages in three languages (README "Languages"): English at /calendar/, Spanish at
# /es/calendar/, Brazilian Portuguese at /pt-br/calendar/. Each is named in its own language,
# as the switcher shows it. The console, the feeds and the API are in English.
LANGUAGES = [("en", "English"), ("es", "Español"), ("pt-br", "Português")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language a visitor chose with the switcher, kept for a year. Not HttpOnly: a choice of
# language is no secret, and keeping it readable costs nothing.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# django-recurrence returns naive datetimes in TIME_ZONE; the occurrence engine reads only their
# dates and builds wall-clock times from the group's own fields.
RECURRENCE_USE_TZ = False

STATIC_URL = "/static/"
# Where collectstatic puts the static files, which whitenoise serves; production refuses to start
# without their manifest (peerhub/wsgi.py).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# An empty EMAIL_URL (an env file's "EMAIL_URL=") counts as unset: production then refuses to
# start, and elsewhere emails are printed.
vars().update(env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PeerHub <no-reply@peerhub.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Emails go through a task queue (core/mail.py): each is a row of django-tasks' database
# backend, written in the transaction of the change it tells of, and sent by
# `manage.py db_worker`, which tries again for more than a day. local.py and test.py run each
# task once its transaction commits instead, so `make run` needs no second process. The "build"
# queue has the builds handed over after a change (BUILD_IN_WORKER), for a worker of its own.
TASK_QUEUES = ["default", "build", "build-long"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# Seconds to wait for the mail server at each step: a server that hangs costs one attempt of
# the worker, which is then tried again later.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
if not EMAIL_TIMEOUT > 0:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be a number of seconds above 0, e.g. 10.")

# Every line with its time, level, logger and request id; one JSON object a line with
# LOG_FORMAT=json. gunicorn writes its own lines the same way (peerhub/gunicorn.py).
LOGGING = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"), log_format=env.str("LOG_FORMAT", default="text")
)
# The request id: taken from the proxy's X-Request-ID when it is a UUID (nginx's $request_id
# is), else made here; returned on every answer.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "EXPOSE_HEADER": False}

# Registrations for a session (groups/registrations.py) are anonymised this many days after it,
# by `manage.py forget_registrations` (run it daily); docs/registration.md.
REGISTRATION_KEEP_DAYS = env.int("REGISTRATION_KEEP_DAYS", default=30)
if not 0 <= REGISTRATION_KEEP_DAYS <= 3650:
    raise ImproperlyConfigured("REGISTRATION_KEEP_DAYS must be a number of days from 0 to 3650.")
