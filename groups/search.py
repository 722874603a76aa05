"""The public search box (``q`` on /calendar/ and /calendar.ics): words as people type them.

Each public group has one line of words (``public_words``): its title and description (and their
Spanish and Portuguese translations, so a search in any language finds it), its kind, its
languages (in English and in their own words), its access features, its place's name, kind,
town, access notes and address (only where the address is public) and its region. Text is
compared without case or accents and split into words: "ESPAÑOL" is "espanol". A group matches
when every word typed (but a few small ones, such as "group") is the start of one of its words:
"Span", "worc" and "peer worker" all find something.

The lines of every public group are built in three queries, kept in ``core.cache`` under the
network's version (any change to a public group, place or region moves it) and matched in
Python, the same on SQLite and PostgreSQL. Private groups are never read, and private
addresses never written, so no search can reveal them.
"""

from __future__ import annotations

import unicodedata

from django.db.models import OuterRef, Subquery
from django.utils import translation

from core import cache
from groups.models import FeedVersion, Group, GroupTranslation
from groups.translation_models import LANGUAGES
from regions.models import Venue

# Words that say nothing about which group: "Spanish group" is "Spanish".
IGNORED = frozenset(
    {"a", "an", "and", "the", "of", "in", "on", "at", "for", "to", "with", "or"}
    | {"group", "groups", "meeting", "meetings", "session", "sessions"}
)

# What people may call a language besides its English name: its own name first.
LANGUAGE_WORDS = {
    "en": "English",
    "es": "Español Castellano",
    "pt": "Português Brasileiro",
    "ht": "Kreyòl ayisyen Haitian Creole Kreyol",
    "kea": "Kriolu Kabuverdianu Crioulo Cape Verdean",
    "vi": "Tiếng Việt",
    "zh": "中文 Mandarin Cantonese",
    "km": "ខ្មែរ Cambodian",
    "ase": "ASL Sign language",
}

# What people may call an access feature besides its name.
ACCESS_WORDS = {
    "wheelchair": "Accessible Ramp Elevator Lift",
    "asl": "American Sign Language Interpreter Deaf",
    "fragrance-free": "Scent-free Unscented",
    "online": "Virtual Video Zoom Remote",
    "hearing-loop": "Deaf Hard of hearing Hearing aid",
    "transit": "Bus Train Subway Public transport",
    "parking": "Car",
}

# What people may call a kind of group besides its label.
KIND_WORDS = {
    Group.Kind.SELF_HELP: "Self help Support group Mutual support",
    Group.Kind.PEER_WORKER_SUPPORT: "Peer workers Peer specialist Peer support worker CPS",
    Group.Kind.CLASS: "Course Workshop Training Learning",
    Group.Kind.SOCIAL: "Social Hangout Gathering",
    Group.Kind.OTHER: "",
}


def plain(text: str) -> str:
    """Lower case, no accents, words separated by one space: "Self-Help, ESPAÑOL" is
    "self help espanol"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        char if char.isalnum() else " " for char in decomposed if not unicodedata.combining(char)
    )
    return " ".join(kept.split())


def words_of(query: str) -> list[str]:
    """The words of a search that must each match, in order, without repeats."""
    return list(dict.fromkeys(word for word in plain(query).split() if word not in IGNORED))


def public_words(network: FeedVersion) -> dict[int, str]:
    """Every public group's words, by its pk: three queries, once per version of the network."""
    stored = cache.get_or_build(cache.key("page:search", network.token), _build_lines)
    found = {}
    for line in stored.splitlines():
        pk, _, words = line.partition(" ")
        found[int(pk)] = words
    return found


def _build_lines() -> str:
    public = Group.objects.filter(is_public=True, status=Group.Status.ACTIVE)
    extra: dict[int, list[str]] = {}
    for group_id, code, name, name_local in Group.languages.through.objects.filter(
        group__in=public
    ).values_list("group_id", "language__code", "language__name", "language__name_local"):
        extra.setdefault(group_id, []).extend((name, name_local, LANGUAGE_WORDS.get(code, "")))
    for group_id, slug, name in Group.access_features.through.objects.filter(
        group__in=public
    ).values_list("group_id", "accessfeature__slug", "accessfeature__name"):
        extra.setdefault(group_id, []).extend((name, ACCESS_WORDS.get(slug, "")))
    with translation.override("en"):  # one index for every language: the English labels
        kinds = {value: str(label) for value, label in Group.Kind.choices}
        venue_kinds = {value: str(label) for value, label in Venue.Kind.choices}
    # Each language's title and description, read in the same query as the group.
    translated = {
        f"{field}_{n}": Subquery(
            GroupTranslation.objects.filter(group=OuterRef("pk"), language=code).values(field)[:1]
        )
        for n, (code, _name) in enumerate(LANGUAGES)
        for field in ("title", "description")
    }
    rows = public.annotate(**translated).values_list(
        *translated,
        "pk",
        "title",
        "description",
        "kind",
        "region__name",
        "venue__name",
        "venue__kind",
        "venue__town",
        "venue__accessibility_notes",
        "venue__address",
        "venue__address_is_public",
    )
    lines = []
    for row in rows:
        other_languages = [text or "" for text in row[: len(translated)]]
        pk, title, description, kind, region, *venue = row[len(translated) :]
        name, venue_kind, town, notes, address, address_is_public = venue
        parts = [title, description, *other_languages]
        parts += [kinds.get(kind, ""), KIND_WORDS.get(kind, ""), region]
        parts += [name or "", venue_kinds.get(venue_kind, ""), town or "", notes or ""]
        if address_is_public:  # a shelter's street is never searched
            parts.append(address or "")
        parts += extra.get(pk, [])
        lines.append(f"{pk} {plain(' '.join(parts))}")
    return "\n".join(lines)


def matching_pks(query: str, network: FeedVersion) -> list[int] | None:
    """The pks of the public groups whose words match every word of ``query``.

    None (every group) when its only words are small ones such as "group"; none when it has
    no letter or digit at all ("🌈", "!!!"): no group's words can match that.
    """
    if not plain(query):
        return []
    wanted = words_of(query)
    if not wanted:
        return None
    return [
        pk
        for pk, words in public_words(network).items()
        if all(f" {word}" in f" {words}" for word in wanted)
    ]
