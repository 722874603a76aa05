"""A value built from the version before of a value it is made of is that request's answer
alone, never kept under its own key (core/cache.py: ``_built``).

``get_or_build`` answers the version before of a value while another builds it, or to a client
over its limit of builds. A page made of that older part and kept under the page's new
version would show the older data to everyone until the next change (found with the calendar's
limit of new pages per address: one address over its limit kept a page without the snow day's
cancellation for every visitor).
"""

import pytest

from core import cache

pytestmark = pytest.mark.django_db

PART, PART_BEFORE = "part:v2", "part:latest"
PAGE = "page:v2"


@pytest.fixture
def part_before():
    """Version 1 of the part is kept and named the latest; version 2 is not built yet."""
    cache.put("part:v1", b"part 1")
    cache.put(PART_BEFORE, "part:v1")


def part(**options):
    return cache.get_or_build(PART, lambda: b"part 2", before=PART_BEFORE, **options)


def page(**options):
    return cache.get_or_build(PAGE, lambda: b"page of " + part(**options))


def test_a_page_made_while_another_builds_its_part_is_answered_not_kept(part_before):
    assert cache.claim_build(PART)  # another request builds version 2 of the part
    assert page() == b"page of part 1"
    assert cache.get(PAGE) is None
    cache.release_build(PART)
    assert page() == b"page of part 2"
    assert cache.get(PAGE) == b"page of part 2"


def test_a_page_made_for_a_client_over_its_limit_is_answered_not_kept(part_before):
    assert page(may_build=lambda: False) == b"page of part 1"
    assert cache.get(PAGE) is None
    assert page(may_build=lambda: True) == b"page of part 2"
    assert cache.get(PAGE) == b"page of part 2"


def test_only_the_build_that_took_a_version_before_goes_unkept(part_before):
    """Outside that build, and in the next one, values are kept as ever."""
    assert cache.claim_build(PART)
    page()
    cache.release_build(PART)
    assert cache.get_or_build("other", lambda: b"other") == b"other"
    assert cache.get("other") == b"other"


def test_a_page_two_builds_up_is_not_kept_either(part_before):
    assert cache.claim_build(PART)
    site = cache.get_or_build("site:v2", lambda: b"site with " + page())
    kept = (cache.get("site:v2"), cache.get(PAGE))
    assert (site, kept) == (b"site with page of part 1", (None, None))
