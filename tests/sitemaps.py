"""Reading the sitemap as a search engine does: the index, then every page it lists."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# The index and each section's first page: what a page or leak test reads.
SITEMAP_PATHS = (
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-regions.xml",
    "/sitemap-venues.xml",
    "/sitemap-groups.xml",
)


def parsed(response) -> ElementTree.Element:
    assert (response.status_code, response["Content-Type"]) == (200, "application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def sitemap_pages(client) -> list[str]:
    """The path (and query) of each page the index lists, in its order."""
    index = parsed(client.get("/sitemap.xml"))
    pages = []
    for location in index.findall("s:sitemap/s:loc", NAMESPACE):
        address = urlsplit(location.text)
        pages.append(f"{address.path}?{address.query}" if address.query else address.path)
    return pages


def sitemap_urls(client) -> list[ElementTree.Element]:
    """Every <url> of every page the index lists, in order."""
    return [
        url
        for page in sitemap_pages(client)
        for url in parsed(client.get(page)).findall("s:url", NAMESPACE)
    ]


def sitemap_locations(client) -> list[str]:
    return [url.find("s:loc", NAMESPACE).text for url in sitemap_urls(client)]
