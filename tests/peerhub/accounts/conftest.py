import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from peerhub.accounts.models import User

# Chromium and axe-core, as the public pages' browser tests use them (skipped without them).
from tests.browser.conftest import axe_source, browser, page  # noqa: F401

PASSWORD = "peerhub-test"  # tests.factories.UserFactory's
SET_PASSWORD_LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+/")


def link_path(body: str) -> str:
    """The path of the one set-password link in an email body."""
    [url] = SET_PASSWORD_LINK.findall(body)
    return urlsplit(url).path


def totp_code(secret: str) -> str:
    """The authenticator app's current code for ``secret`` (RFC 6238, allauth's own HOTP)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.org", password=PASSWORD)
