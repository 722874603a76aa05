"""The public read-only JSON API under /api/v1/: public groups and their sessions, nothing else.

Every answer is public data, so any site may fetch it (``Access-Control-Allow-Origin: *``).
A bad parameter gets ``400`` with ``{"error": ..., "parameter": ...}``, never a 422 or a 500.
"""

import datetime as dt
from functools import wraps
from typing import Annotated, Literal

from csp.decorators import csp_update
from django.core.validators import slug_re
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, ValidationInfo

from core import build_ahead
from core.client_address import rate_limit_allows
from core.dates import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, UnreadableDate, parse_iso_date
from groups.models import FeedVersion, Group
from groups.occurrences import CANCELLED, CONFIRMED
from groups.selectors import public_groups
from groups.version_selectors import feed_version, slug_feed_version
from publishing.api_answers import versioned_json
from publishing.api_groups import groups_json
from publishing.api_occurrences import occurrences_json
from publishing.sharing import SHARED_API, gzip_shared, not_stored
from regions.models import Region

DEFAULT_WINDOW_DAYS = 28
MAX_WINDOW_DAYS = 366
# Groups times days in one window: a year of one region of 300 groups (110,000, about 7 MB),
# or of every group of today's network, but not every region's sessions at national size
# (18,000 groups: 28 days were 30 MB and 10 s to build, a year would be about 400 MB).
MAX_GROUP_DAYS = 150_000
# New windows, and new lists of groups (any set of regions), built per client address
# (ACCOUNT_RATE_LIMITS); answers already built are not counted.
BUILD_RATE_LIMIT_ACTION = "api_occurrences"
LIST_RATE_LIMIT_ACTION = "api_groups"
RETRY_AFTER = 60
TOO_MANY = (
    "Too many new windows asked for from your address in a short time; try again in a minute. "
    "Windows asked for before are answered at once."
)
TOO_MANY_LISTS = (
    "Too many new lists asked for from your address in a short time; try again in a minute. "
    "Lists asked for before are answered at once."
)
# Bounds keep a request cheap: the engine expands each schedule from its first date.


def allow_any_origin(view):
    """Let any site's scripts read the answer: it is public, read-only data."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def documentation_page(view):
    """The readable documentation (Swagger UI): any site may read it too, and its icons are
    data: images, which the Content-Security-Policy allows on this page only."""
    return csp_update({"img-src": "data:"})(allow_any_origin(view))


def shared_for_a_minute(view):
    """A proxy or CDN may keep an answer for a minute (publishing/sharing.py); a refusal, never."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        if response.status_code in (200, 304):  # a 304 says what its 200 would
            response["Cache-Control"] = SHARED_API
        else:
            not_stored(response)
        return response

    return wrapper


api = NinjaAPI(
    title="PeerHub API",
    version="1",
    description=(
        "The public peer support groups of the Massachusetts Recovery Learning Communities and "
        "their sessions: read-only, no sign-in. Times carry their UTC offset; a session's date "
        "is its date in its region's own timezone."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    docs_decorator=documentation_page,
)
api.add_decorator(allow_any_origin, mode="view")  # wraps the error answers too
api.add_decorator(shared_for_a_minute, mode="view")
api.add_decorator(gzip_shared, mode="view")


class BadParameter(Exception):
    """A query parameter that is well-formed but makes no sense, e.g. an unknown region."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def _bad_request(request, *, parameter: str, message: str):
    return api.create_response(request, {"error": message, "parameter": parameter}, status=400)


@api.exception_handler(BadParameter)
def _bad_parameter(request, exc: BadParameter):
    return _bad_request(request, parameter=exc.parameter, message=exc.message)


@api.exception_handler(ValidationError)
def _invalid_parameter(request, exc: ValidationError):
    """Ninja's 422 as our 400: the first error, named by its parameter."""
    error = exc.errors[0] if exc.errors else {}
    # loc is (source, name, ...), e.g. ("query", "start").
    names = [part for part in error.get("loc", ())[1:] if isinstance(part, str)]
    if error.get("type") == "value_error" and "error" in error.get("ctx", {}):
        message = str(error["ctx"]["error"])  # our own words, without pydantic's prefix
    else:
        message = error.get("msg", "This value is not valid.")
    return _bad_request(request, parameter=names[0] if names else "request", message=message)


def _date_parameter(value, info: ValidationInfo):
    """YYYY-MM-DD and nothing else (pydantic alone would also take a Unix time); empty is absent."""
    if value is None or isinstance(value, dt.date) or value == "":
        return value or None
    name = info.field_name or "The date"
    try:
        return parse_iso_date(value)
    except UnreadableDate:
        raise ValueError(f"{name} must be a date written YYYY-MM-DD, like 2026-03-01.") from None
    except DateOutOfRange:
        raise ValueError(f"{name} must be between {EARLIEST_DATE} and {LATEST_DATE}.") from None


StartParameter = Annotated[
    dt.date | None,
    BeforeValidator(_date_parameter),
    Query(None, description="YYYY-MM-DD; today when left out."),
]
EndParameter = Annotated[
    dt.date | None,
    BeforeValidator(_date_parameter),
    Query(
        None,
        description=f"YYYY-MM-DD, included; {DEFAULT_WINDOW_DAYS - 1} days after `start` when "
        "left out.",
    ),
]
RegionsParameter = Annotated[
    list[str] | None,
    Query(None, description="A region's slug, e.g. `metro-boston`; repeat it for several regions."),
]


def _regions(slugs: list[str] | None) -> tuple[list[str], FeedVersion]:
    """The asked-for region slugs, checked to exist, and the version an answer about them is
    kept under: the one region's (found with it in one query), else the network's."""
    slugs = sorted({slug for slug in slugs or () if slug})
    for slug in slugs:
        if not slug_re.fullmatch(slug):  # and PostgreSQL refuses a NUL in a query
            raise BadParameter("region", "region must be a region's slug, like metro-boston.")
    if len(slugs) == 1:
        found = slug_feed_version(Region, "region", slugs[0])
        if found is None:
            raise BadParameter("region", f"There is no region with the slug “{slugs[0]}”.")
        return slugs, found[1]
    if slugs:
        known = set(Region.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        for slug in slugs:
            if slug not in known:
                raise BadParameter("region", f"There is no region with the slug “{slug}”.")
    return slugs, feed_version(FeedVersion.NETWORK)


def _bounded(groups: int, days: int) -> None:
    """A window's groups times days, checked before it is built (an answer kept was checked)."""
    if groups * days > MAX_GROUP_DAYS:
        most = max(MAX_GROUP_DAYS // max(groups, 1), 1)
        raise BadParameter(
            "end",
            f"This window is {groups:,} groups for {days} days, more than one answer gives "
            f"({MAX_GROUP_DAYS:,} group-days): ask for at most {most} days, or name a region.",
        )


def _window(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    start = start or timezone.localdate()
    if end is None:
        end = min(start + dt.timedelta(days=DEFAULT_WINDOW_DAYS - 1), LATEST_DATE)
    if end < start:
        raise BadParameter("end", "The end date is before the start date.")
    if (end - start).days + 1 > MAX_WINDOW_DAYS:
        raise BadParameter("end", f"The window is at most {MAX_WINDOW_DAYS} days.")
    return start, end


class TooManyOut(Schema):
    error: str = Field(description="What happened, in plain words.")
    retry_after: int = Field(description="Seconds to wait; also the `Retry-After` header.")


class BeingPreparedOut(TooManyOut):
    """A list of many groups being built anew: ask again after ``retry_after`` seconds."""


class ErrorOut(Schema):
    error: str = Field(description="What is wrong, in plain words.")
    parameter: str = Field(description="The query parameter at fault, e.g. `start`.")


class OccurrenceOut(Schema):
    uid: str = Field(description="The group's iCalendar UID, the same as in its feeds.")
    group: str = Field(description="The group's slug.")
    title: str
    region: str = Field(description="The region's slug.")
    venue: str | None = Field(
        description="Where this session happens (a moved session's new venue): its slug, or "
        "null while the place is still being arranged."
    )
    location: str | None = Field(
        description="Where to go, as the feeds' LOCATION says: the venue's name and street "
        "address, only its name and town for a shelter or hospital, or `Online`."
    )
    start: dt.datetime = Field(description="ISO 8601 with the UTC offset.")
    end: dt.datetime = Field(description="ISO 8601 with the UTC offset.")
    status: Literal[CONFIRMED, CANCELLED]
    recurrence_id: dt.datetime | None = Field(
        description="The session's originally scheduled start (iCalendar RECURRENCE-ID); "
        "null for a one-off event."
    )
    moved: bool = Field(
        description="True when the session was moved to another date, time or venue."
    )
    note: str = Field(description="The coordinators' public note about a change, or empty.")
    url: str = Field(description="The group's page.")


class OccurrencesOut(Schema):
    occurrences: list[OccurrenceOut] = Field(description="In order of start, then title.")


class GroupOut(Schema):
    uid: str = Field(description="The group's iCalendar UID; it never changes.")
    slug: str
    title: str
    description: str
    kind: Literal[tuple(Group.Kind.values)]
    audience: Literal[tuple(Group.Audience.values)]
    region: str = Field(description="The region's slug.")
    venue: str | None = Field(description="The venue's slug, or null while being arranged.")
    location: str | None = Field(
        description="Where to go, as the feeds' LOCATION says: the venue's name and street "
        "address, only its name and town for a shelter or hospital, or `Online`."
    )
    schedule: str = Field(description="When it meets, in words.")
    start_date: dt.date = Field(description="The first session.")
    end_date: dt.date | None = Field(description="The last possible session, if any.")
    start_time: str = Field(description="Local start time, HH:MM.", pattern=r"^\d\d:\d\d$")
    duration_minutes: int
    timezone: str = Field(description="The IANA timezone of the region's wall clock.")
    languages: list[str] = Field(description="Language codes, e.g. `en`, `es`.")
    access_features: list[str] = Field(description="Slugs, e.g. `wheelchair`.")
    url: str = Field(description="The group's page.")
    feed_url: str = Field(description="The group's iCalendar feed.")


class GroupsOut(Schema):
    groups: list[GroupOut] = Field(description="In order of title.")


@api.get(
    "/occurrences.json",
    response={200: OccurrencesOut, 400: ErrorOut, 429: TooManyOut, 503: BeingPreparedOut},
    summary="Sessions in a date window",
    description=(
        "Every session of the public groups whose local start date (in its region's timezone) "
        f"is from `start` to `end`, both included, at most {MAX_WINDOW_DAYS} days, and at most "
        f"{MAX_GROUP_DAYS:,} group-days (the groups asked for times the days: a year of one "
        "region, a week or two of every region of a large network; beyond that `400` naming "
        "`end`). Cancelled "
        "sessions are listed with status `cancelled`; a moved session is listed at its new "
        "time and place. Dates run from "
        f"{EARLIEST_DATE} to {LATEST_DATE}. A window asked for before is answered from a cache; "
        "each client address may have a few new windows built a minute (`429` with "
        "`Retry-After` beyond that; a window asked for before is answered as it was before the "
        "latest change until it is built again), so no client can keep the others waiting. "
        f"While a window of more than {build_ahead.BUILT_IN_A_REQUEST:,} groups is built "
        "anew, `503` with `Retry-After`."
    ),
    url_name="occurrences",
)
def occurrences(
    request,
    start: StartParameter = None,
    end: EndParameter = None,
    region: RegionsParameter = None,
):
    asked_start = start
    start, end = _window(start, end)
    regions, version = _regions(region)

    def build() -> bytes:
        groups = public_groups()
        if regions:
            groups = groups.filter(region__slug__in=regions)

        def serialised(item: dict) -> str:
            found = OccurrenceOut.model_validate(item).model_dump()
            return api.renderer.render(request, found, response_status=200)

        days = (end - start).days + 1
        return occurrences_json(
            groups, start, end, serialised=serialised, counted=lambda count: _bounded(count, days)
        ).encode()

    # Building is the costly part, so only building counts against the client's limit.
    response = versioned_json(
        request,
        namespace="api:occurrences",
        version=version,
        parts=(start, end, regions),
        build=build,
        may_build=lambda: rate_limit_allows(request, action=BUILD_RATE_LIMIT_ACTION),
        # Without a start, the window starts today; several regions are checked to exist with
        # a query of their own: neither is decided by the versions in the worker's memory.
        keep_whole=asked_start is not None and len(regions) <= 1,
    )
    return response or _too_many(request, TOO_MANY)


def _too_many(request, message: str):
    """The 429 of a client over its limit of new answers built."""
    response = api.create_response(
        request, {"error": message, "retry_after": RETRY_AFTER}, status=429
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@api.get(
    "/groups.json",
    response={200: GroupsOut, 400: ErrorOut, 429: TooManyOut, 503: BeingPreparedOut},
    summary="The public groups",
    description=(
        "Every public, active group with its schedule in words and in fields, its place and "
        "its feed. Answered from a cache; each client address may have a few new lists (sets "
        "of regions) built a minute (`429` with `Retry-After` beyond that); while a list of "
        "more than "
        f"{build_ahead.BUILT_IN_A_REQUEST:,} groups is built anew (after the cache was emptied), "
        "`503` with `Retry-After`."
    ),
    url_name="groups",
)
def groups(request, region: RegionsParameter = None):
    regions, version = _regions(region)

    def build() -> bytes:
        found = public_groups()
        if regions:
            found = found.filter(region__slug__in=regions)

        def serialised(item: dict) -> str:
            found = GroupOut.model_validate(item).model_dump()
            return api.renderer.render(request, found, response_status=200)

        return groups_json(found, serialised=serialised).encode()

    response = versioned_json(
        request,
        namespace="api:groups",
        version=version,
        parts=(regions,),
        build=build,
        may_build=lambda: rate_limit_allows(request, action=LIST_RATE_LIMIT_ACTION),
        keep_whole=len(regions) <= 1,  # several are checked to exist with a query of their own
    )
    return response or _too_many(request, TOO_MANY_LISTS)
