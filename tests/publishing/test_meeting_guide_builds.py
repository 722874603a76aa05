"""While another request (or the task worker) builds a new version of a Meeting Guide list,
the version before is answered at once, with its own validators, as the API's answers and the
feeds are (publishing/meeting_guide_views.py); no reader waits for the build or builds it too.

"Another request" is the claim it holds in the shared cache (``core.cache.claim_build``), taken
here as a worker on another server would take it.
"""

import gzip

import pytest
from django.conf import settings
from django.utils import timezone

from core import cache
from groups.models import FeedVersion
from groups.services import ANY_VERSION, group_update
from publishing import meeting_guide_views
from publishing.sharing import gzip_etag
from tests.build_queue import assert_the_version_before

pytestmark = pytest.mark.django_db

NETWORK = "/meeting-guide.json"


def building_key() -> str:
    """The cache key of the network list's current version, as the view makes it."""
    version = FeedVersion.objects.get(key=FeedVersion.NETWORK)
    parts = (settings.SITE_URL, version.key, version.token, timezone.localdate())
    return cache.key(meeting_guide_views.NAMESPACE, *parts)


def names(response) -> list[str]:
    return sorted(entry["name"] for entry in response.json())


def test_while_another_builds_a_new_version_the_one_before_is_answered_with_its_validators(
    client, east, move_clock, monkeypatch
):
    before = client.get(NETWORK)
    move_clock(5)
    group_update(group=east.group, expected_version=ANY_VERSION, title="Voices Together")
    building = building_key()
    assert cache.claim_build(building)

    def not_here():
        raise AssertionError("a reader built the list while another request built it")

    monkeypatch.setattr(meeting_guide_views, "meeting_guide_text", lambda *a, **k: not_here())
    meanwhile = client.get(NETWORK)
    again = client.get(NETWORK, HTTP_IF_NONE_MATCH=before["ETag"])
    compressed = client.get(NETWORK, HTTP_ACCEPT_ENCODING="gzip")
    compressed_again = client.get(
        NETWORK, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"]
    )
    monkeypatch.undo()
    cache.release_build(building)
    after = client.get(NETWORK)

    assert_the_version_before(meanwhile, before)
    assert again.status_code == 304
    assert (compressed.status_code, compressed["ETag"]) == (200, gzip_etag(before["ETag"]))
    assert gzip.decompress(compressed.content) == before.content
    assert compressed_again.status_code == 304
    assert names(after) == ["Voices Together"]
    assert after["ETag"] != before["ETag"]


def test_with_nothing_kept_before_the_reader_builds_it(client, east):
    """The first list of all (or after a flush) is built in the request, as before."""
    response = client.get(NETWORK)
    assert (response.status_code, names(response)) == (200, ["Metro Boston Hearing Voices"])
