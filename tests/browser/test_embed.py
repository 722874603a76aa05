"""A partner's page on another site shows our sessions: the frame and the <peerhub-sessions>
element, read from a page served from another origin (its own little server on 127.0.0.1, while
the site is the live server on localhost). A page that is not an embed refuses to be framed."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from groups import sessions
from tests.page_clock import NOW

# The live server reads committed data.
pytestmark = pytest.mark.django_db(transaction=True)

GROUP = "Metro Boston Hearing Voices"
WHERE = "Metro Boston Library, 1 Main Street, Worcester"
# The frame's rows: when (and a mark), the group, where. 10 March is cancelled, 17 March moved.
FRAME_ROWS = [
    f"Tuesday 3 March, 6:00 to 7:30 pm {GROUP} {WHERE}",
    f"Tuesday 10 March, 6:00 to 7:30 pm Cancelled {GROUP} {WHERE}",
    f"Tuesday 17 March, 7:00 to 8:30 pm Changed {GROUP} {WHERE}",
    f"Tuesday 24 March, 6:00 to 7:30 pm {GROUP} {WHERE}",
]


class PartnerSite(ThreadingHTTPServer):
    daemon_threads = True
    html: str = ""


class _PartnerPage(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = self.server.html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner():
    """A partner's web server, on 127.0.0.1: another origin than the live server's localhost."""
    server = PartnerSite(("127.0.0.1", 0), _PartnerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def partner_page(site: str, *, with_a_page_that_is_no_embed: bool = False) -> str:
    """What a partner pastes: both snippets of the console; and, if asked, a page of ours that
    is no embed (whose refusal Chromium reports, which fails any test that does not expect it:
    tests/browser/conftest.py)."""
    refused = (
        f'<iframe id="refused" src="{site}/regions/metro-boston/" title="Not an embed"></iframe>'
        if with_a_page_that_is_no_embed
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quincy Library: events</title></head>
<body><main><h1>Events at the library</h1>
<iframe id="frame" src="{site}/embed/regions/metro-boston/" title="Peer support"
  width="100%" height="480"></iframe>
<script src="{site}/static/js/peerhub-sessions.js" defer></script>
<peerhub-sessions region="metro-boston" lang="en">
  <a href="{site}/regions/metro-boston/">Next peer support sessions</a>
</peerhub-sessions>
<peerhub-sessions id="center" region="metro-boston" venue="metro-boston-center">
  <a href="{site}/venues/metro-boston-center/">Peer support at the center</a>
</peerhub-sessions>
<peerhub-sessions id="group" group="metro-boston-hearing-voices" region="metro-boston" weeks="2"
  lang="es"><a href="{site}/es/groups/metro-boston-hearing-voices/">Hearing Voices</a>
</peerhub-sessions>
{refused}
</main></body></html>"""


def frame_of(page, selector):
    return page.locator(selector).element_handle().content_frame()


def texts(locator) -> list[str]:
    return [" ".join(text.split()) for text in locator.all_inner_texts()]


def test_a_partner_page_on_another_origin_shows_the_embed_and_the_element(
    live_server, east, browser, partner
):
    # Two origins: 127.0.0.1 is not localhost to a browser.
    assert (partner.server_address[0], live_server.url.split(":")[1]) == (
        "127.0.0.1",
        "//localhost",
    )
    sessions.session_cancel(group=east.group, original_date=dt.date(2026, 3, 10), notify=False)
    sessions.session_move(
        group=east.group,
        original_date=dt.date(2026, 3, 17),
        new_start_time=dt.time(19, 0),
        notify=False,
    )
    partner.html = partner_page(live_server.url, with_a_page_that_is_no_embed=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.set_fixed_time(NOW)  # the browser's today is the site's (tests/page_clock.py)
    page.goto(f"http://127.0.0.1:{partner.server_port}/")

    # The frame: the region's next four weeks, as wide as the phone's page allows.
    embed = page.frame_locator("#frame")
    assert texts(embed.locator("li.embed__session")) == FRAME_ROWS
    assert embed.locator("html").get_attribute("lang") == "en"
    assert embed.locator("body").evaluate("b => b.scrollWidth <= b.clientWidth")

    # The element: the same sessions from the JSON API, before its own link.
    element = page.locator("peerhub-sessions").first
    element.locator("li").first.wait_for()
    assert texts(element.locator(".peerhub-sessions__when")) == [
        "Tuesday, March 3, 6:00 – 7:30 PM",
        "Tuesday, March 10, 6:00 – 7:30 PM Cancelled",
        "Tuesday, March 17, 7:00 – 8:30 PM Changed",
        "Tuesday, March 24, 6:00 – 7:30 PM",
    ]
    # The cancelled one is struck through, its time and its name.
    assert texts(element.locator(".is-cancelled del")) == [
        "Tuesday, March 10, 6:00 – 7:30 PM",
        GROUP,
    ]
    assert texts(element.locator(".peerhub-sessions__where")) == [WHERE] * 4
    assert texts(element.locator(".peerhub-sessions__title a")) == [GROUP] * 4
    assert element.locator(".peerhub-sessions__title a").first.get_attribute("href") == (
        "https://peerhub.example.org/groups/metro-boston-hearing-voices/"
    )
    assert texts(element.locator(":scope > a")) == ["Next peer support sessions"]

    # A venue's element: the region has sessions, but none of a public group at this venue.
    center = page.locator("#center")
    center.locator(".peerhub-sessions__none").wait_for()
    assert texts(center.locator("li, p")) == ["Nothing is scheduled in the coming weeks."]
    # A group's, for two weeks, in Spanish.
    group = page.locator("#group")
    group.locator("li").first.wait_for()
    assert texts(group.locator(".peerhub-sessions__when")) == [
        "martes, 3 de marzo, 18:00–19:30",
        "martes, 10 de marzo, 18:00–19:30 Cancelada",
    ]

    # A page that is no embed is refused: its frame holds Chromium's error page, and Chromium
    # says why (the one refusal under a policy in this test: the frame, the script and the API
    # were all allowed).
    refused = frame_of(page, "#refused")
    refused.wait_for_load_state()
    assert [frame.url for frame in page.frames] == [
        f"http://127.0.0.1:{partner.server_port}/",
        f"{live_server.url}/embed/regions/metro-boston/",
        "chrome-error://chromewebdata/",
    ]
    assert [
        (f"'{live_server.url}/'" in message, "\"frame-ancestors 'none'\"" in message)
        for message in browser.csp_refusals
    ] == [(True, True)]
    browser.csp_refusals.clear()  # the one refusal this test asked for
    context.close()


def test_without_javascript_the_frame_still_works_and_the_element_is_a_link(
    live_server, east, browser, partner
):
    partner.html = partner_page(live_server.url)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{partner.server_port}/")
    assert page.frame_locator("#frame").locator("li.embed__session").count() == 4
    # Each element is its link, and nothing else.
    links = page.locator("peerhub-sessions a")
    assert [link.get_attribute("href") for link in links.all()] == [
        f"{live_server.url}/regions/metro-boston/",
        f"{live_server.url}/venues/metro-boston-center/",
        f"{live_server.url}/es/groups/metro-boston-hearing-voices/",
    ]
    assert page.locator("peerhub-sessions li").count() == 0
    context.close()


def test_a_spanish_speaking_visitor_gets_the_frame_in_spanish(live_server, east, browser, partner):
    """The site sends a browser that asks for Spanish to the Spanish page (peerhub/languages.py):
    inside a partner's frame too, the redirect's own answer notwithstanding."""
    partner.html = partner_page(live_server.url)
    context = browser.new_context(locale="es-ES")
    page = context.new_page()
    page.clock.set_fixed_time(NOW)
    page.goto(f"http://127.0.0.1:{partner.server_port}/")
    embed = page.frame_locator("#frame")
    embed.locator("h1").wait_for()
    assert frame_of(page, "#frame").url == f"{live_server.url}/es/embed/regions/metro-boston/"
    assert (embed.locator("html").get_attribute("lang"), embed.locator("h1").inner_text()) == (
        "es",
        "Apoyo entre pares con Metro Boston RLC",
    )
    context.close()
