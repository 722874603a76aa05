"""Compressed feeds over a real socket, fetched by HTTP clients built the way calendar apps are:
curl and Node's fetch ask for gzip, unpack it, keep the ETag they were given and send it back
to ask "has it changed?". Whatever form of the ETag they keep, the answer is a 304.
"""

import json
import shutil
import subprocess

import pytest

from tests.ical_clients import CLIENTS_DIR

# The live server reads committed data.
pytestmark = pytest.mark.django_db(transaction=True)


def curl(url: str, tmp_path, *options: str) -> tuple[int, dict, bytes]:
    """One request with curl: (status, headers with lower-case names, body as written)."""
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    # Fresh files each time: curl writes no body file at all for a 304.
    number = len(list(tmp_path.iterdir()))
    head, body = tmp_path / f"head{number}", tmp_path / f"body{number}"
    subprocess.run(  # noqa: S603
        ["curl", "-sS", "-D", str(head), "-o", str(body), *options, url],  # noqa: S607
        check=True,
        timeout=60,
    )
    status_line, *lines = head.read_text().strip().splitlines()
    headers = dict(line.split(": ", 1) for line in lines if ": " in line)
    content = body.read_bytes() if body.exists() else b""
    return int(status_line.split()[1]), {k.lower(): v for k, v in headers.items()}, content


def test_curl_gets_the_feed_compressed_and_asks_again_with_either_etag(live_server, east, tmp_path):
    url = f"{live_server.url}/regions/{east.region.slug}/calendar.ics"
    status, plain, identity = curl(url, tmp_path)
    assert (status, plain.get("content-encoding"), plain["etag"][0]) == (200, None, '"')
    status, headers, body = curl(url, tmp_path, "--compressed")
    assert (status, headers["content-encoding"], headers["vary"]) == (
        200,
        "gzip",
        "Accept-Encoding",
    )
    assert headers["cache-control"] == "public, max-age=300"
    assert body == identity  # curl unpacked it: the same calendar, byte for byte
    # The compressed copy has its own strong ETag (the contract: strong ETags).
    assert headers["etag"] == plain["etag"][:-1] + '-gzip"'
    asks = {
        "gzip, as given": ("--compressed", "-H", f"If-None-Match: {headers['etag']}"),
        "plain": ("--compressed", "-H", f"If-None-Match: {plain['etag']}"),
        "plain, no gzip": ("-H", f"If-None-Match: {plain['etag']}"),
        "gzip, no gzip": ("-H", f"If-None-Match: {headers['etag']}"),
        "weak": ("--compressed", "-H", f"If-None-Match: W/{plain['etag']}"),
        "by date": ("--compressed", "-H", f"If-Modified-Since: {headers['last-modified']}"),
    }
    answers = {what: curl(url, tmp_path, *options) for what, options in asks.items()}
    assert {what: answer[0] for what, answer in answers.items()} == dict.fromkeys(asks, 304)
    assert {what: answer[2] for what, answer in answers.items()} == dict.fromkeys(asks, b"")
    assert answers["gzip, as given"][1]["etag"] == headers["etag"]
    assert answers["plain, no gzip"][1]["etag"] == plain["etag"]


FETCH_TWICE = """
const url = process.argv[1];
const first = await fetch(url);
const body = await first.text();
const etag = first.headers.get("etag");
const again = await fetch(url, {headers: {"if-none-match": etag}});
console.log(JSON.stringify({
  status: first.status,
  encoding: first.headers.get("content-encoding"),
  etag,
  begins: body.slice(0, 15),
  again: again.status,
}));
"""


def test_nodes_fetch_gets_the_feed_compressed_and_a_304_after(live_server, east):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    url = f"{live_server.url}/groups/{east.group.slug}/calendar.ics"
    done = subprocess.run(  # noqa: S603
        ["node", "--input-type=module", "-e", FETCH_TWICE, url],  # noqa: S607
        cwd=CLIENTS_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(done.stdout)
    assert seen == {
        "status": 200,
        "encoding": "gzip",
        "etag": seen["etag"],
        "begins": "BEGIN:VCALENDAR",
        "again": 304,
    }
    assert (seen["etag"][0], seen["etag"][-6:]) == ('"', '-gzip"')
