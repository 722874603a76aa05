"""The compressed copy of a shared answer: the same bytes under the same strong ETag, made once
per version of the answer and kept (publishing/sharing.py).

A calendar app or a meeting finder asks for gzip. Before, each such request compressed the
whole answer again, with random bytes in its gzip header (Django's guard against BREACH, for
pages holding a secret): two answers under one strong ETag differed, and the whole network's
list of meetings cost a tenth of a second of compression every time it was asked for.
"""

import gzip

import pytest

from groups.sessions import session_cancel
from publishing import sharing
from tests.caches import clear_caches
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
# Every kind of shared answer a client may ask for compressed (tests/peerhub/test_headers.py
# has their other headers).
PATHS = {
    "network feed": "/calendar.ics",
    "filtered feed": "/calendar.ics?type=self_help",
    "region feed": "/regions/{region}/calendar.ics",
    "changes feed": "/regions/{region}/changes.atom",
    "venue feed": "/venues/{venue}/calendar.ics",
    "group feed": "/groups/{group}/calendar.ics",
    "private feed": "/feeds/{token}.ics",
    "API groups": "/api/v1/groups.json",
    "API sessions": "/api/v1/occurrences.json?start=2026-03-01",
    "meeting guide": "/meeting-guide.json",
    "region meeting guide": "/regions/{region}/meeting-guide.json",
    "sitemap": "/sitemap.xml",
    "sitemap page": "/sitemap-groups.xml",
}


def path_of(template: str, side) -> str:
    return template.format(
        region=side.region.slug,
        venue=side.venue.slug,
        group=side.group.slug,
        token=side.lead.feed_token,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def compressions(monkeypatch):
    """How many times an answer was compressed whole."""
    made = []
    real = sharing.compress_string

    def counted(content, **options):
        made.append(len(content))
        return real(content, **options)

    monkeypatch.setattr(sharing, "compress_string", counted)
    return made


@pytest.mark.parametrize("kind", list(PATHS))
def test_the_compressed_copy_is_the_same_bytes_under_its_strong_etag(client, east, kind):
    path = path_of(PATHS[kind], east)
    plain = body(client.get(path))  # built and kept (a feed built from nothing is streamed)
    first, again = client.get(path, **GZIP), client.get(path, **GZIP)
    assert [answer.status_code for answer in (first, again)] == [200, 200]
    assert (first["Content-Encoding"], first["ETag"]) == ("gzip", again["ETag"])
    assert (first["ETag"][0], first["ETag"][-6:]) == ('"', '-gzip"')
    assert first.content == again.content
    assert gzip.decompress(first.content) == plain
    assert first["Content-Length"] == str(len(first.content))
    assert first["Vary"] == "Accept-Encoding"


def test_an_answer_is_compressed_once_per_version(client, east, compressions):
    path = f"/regions/{east.region.slug}/meeting-guide.json"
    first = client.get(path, **GZIP)
    again = client.get(path, **GZIP)
    assert (len(compressions), again.content) == (1, first.content)
    # A client that asks again with the copy it holds gets a 304, with nothing compressed.
    unchanged = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert (unchanged.status_code, len(compressions)) == (304, 1)

    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    changed = client.get(path, **GZIP)
    assert len(compressions) == 2
    assert changed["ETag"] != first["ETag"]
    assert gzip.decompress(changed.content) == client.get(path).content


def test_a_feed_after_a_change_is_compressed_from_its_new_bytes(client, east):
    path = f"/groups/{east.group.slug}/calendar.ics"
    before = gzip.decompress(client.get(path, **GZIP).content)
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    after = client.get(path, **GZIP)
    cancelled = b"EXDATE;TZID=America/New_York:20260303T180000"
    assert cancelled not in before
    assert cancelled in gzip.decompress(after.content)
    assert gzip.decompress(after.content) == client.get(path).content


def test_with_the_caches_gone_the_same_bytes_are_made_again(client, east, compressions):
    path = "/api/v1/groups.json"
    first = client.get(path, **GZIP)
    clear_caches()
    again = client.get(path, **GZIP)
    assert (again.status_code, again["ETag"], again.content) == (200, first["ETag"], first.content)
    assert len(compressions) == 2


def test_a_client_without_gzip_is_never_sent_the_compressed_copy(client, east):
    path = "/meeting-guide.json"
    client.get(path, **GZIP)
    plain = client.get(path, HTTP_ACCEPT_ENCODING="identity")
    assert (plain.get("Content-Encoding"), plain["Vary"]) == (None, "Accept-Encoding")
    assert plain.content.startswith(b"[")
    assert not plain["ETag"].endswith('-gzip"')


def test_parameters_that_change_nothing_make_no_copy_of_their_own(client, east, compressions):
    """The copy is kept under the path and the ETag, which names every parameter that changes
    the answer: junk added to the address makes no new copy to build and keep."""
    answers = [client.get(f"/meeting-guide.json?junk={n}", **GZIP) for n in range(5)]
    assert {answer["ETag"] for answer in answers} == {answers[0]["ETag"]}
    assert len(compressions) == 1
    # A parameter that does change the answer has its own ETag, so its own copy.
    week = client.get("/api/v1/occurrences.json?start=2026-03-01&end=2026-03-07", **GZIP)
    month = client.get("/api/v1/occurrences.json?start=2026-03-01&end=2026-03-31", **GZIP)
    assert week["ETag"] != month["ETag"]
    assert gzip.decompress(week.content) != gzip.decompress(month.content)
    assert len(compressions) == 3
