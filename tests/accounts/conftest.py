import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from accounts.models import User

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
