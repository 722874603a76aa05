"""Real-browser tests: Playwright's Python package driving Debian's Chromium, with axe-core.

They run against Django's live server. Without Chromium or axe-core they are skipped with a
reason that names what is missing; .ci/run installs both, so CI skips none.

The site's Content-Security-Policy is in force in every test, and any refusal under it (an
inline script or style, an image from elsewhere), which Chromium reports on the console of
the page, fails the test that caused it; so does a Permissions-Policy feature it does not
know. axe-core is run through DevTools, which the policy does not govern, so it needs no
exception in the policy and no ``bypass_csp``.
"""

import os
import shutil
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "clients" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path():
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


class WatchedBrowser:
    """The browser, keeping what Chromium says it refused under a Content-Security-Policy (or
    could not read in the Permissions-Policy), in every context a test opens (``new_context``;
    the rest is the browser's own)."""

    def __init__(self, browser):
        self._browser = browser
        self.csp_refusals = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("console", self._note)
        return context

    def _note(self, message):
        # A refusal, or a feature in the Permissions-Policy header that Chromium does not know.
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            self.csp_refusals.append(f"{message.location.get('url')}: {message.text}")

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM calls from the tests
    # meanwhile, and only meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield WatchedBrowser(browser)
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def blank_tile() -> bytes:
    """A 1x1 light grey PNG: every map tile the local tile server gives."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\xdd")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class TileServer(ThreadingHTTPServer):
    daemon_threads = True
    requested: list


class _TileHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requested.append(self.path)
        tile = blank_tile()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(tile)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(tile)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def tile_server():
    """A local map tile server: browser tests never fetch tiles from the internet."""
    server = TileServer(("127.0.0.1", 0), _TileHandler)
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _map_tiles_from_the_local_server(request):
    """Every browser test's map draws its tiles from ``tile_server``."""
    if "browser" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("tile_server")
    settings = request.getfixturevalue("settings")
    settings.MAP_TILES_URL = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    yield


@pytest.fixture(autouse=True)
def _nothing_refused_under_the_csp(request):
    """Once a browser test is over (its pages closed): Chromium refused nothing under the CSP."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    browser.csp_refusals.clear()
    yield
    assert browser.csp_refusals == []


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run npm ci in tests/clients")
    return AXE.read_text()


def axe_violations(page, axe_source):
    """axe-core's WCAG 2.1 AA violations on the page as loaded, as (rule, target) pairs."""
    # Through DevTools: a <script> tag of ours would be an inline script, refused by the CSP.
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return results.violations.map(v => ({
                id: v.id,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [(violation["id"], target) for violation in result for target in violation["targets"]]
