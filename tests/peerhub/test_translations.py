"""The translations are complete: every marked string has its Spanish and Portuguese, none fuzzy,
the compiled catalogues are those of the .po files, and the .po files hold every string the code
marks (README "Languages")."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.services import required

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("es", "pt_BR")
# The console stays English in this step: its strings are marked, and may wait for a translator.
ENGLISH_ONLY = ("console/", "templates/console/")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def english_only(entry: polib.POEntry) -> bool:
    return bool(entry.occurrences) and all(
        path.startswith(ENGLISH_ONLY) for path, _line in entry.occurrences
    )


def translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_string_is_translated_and_none_is_fuzzy(language):
    entries = [entry for entry in catalogue(language) if not entry.obsolete]
    assert entries, "the catalogue is empty"
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    missing = [
        f"{entry.msgid!r} ({', '.join(path for path, _ in entry.occurrences)})"
        for entry in entries
        if not translated(entry) and not english_only(entry)
    ]
    assert (fuzzy, missing) == ([], [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_placeholders_of_each_translation_are_those_of_its_english(language):
    """A translation that drops or misspells ``%(town)s`` would break the page that shows it."""
    wrong = []
    for entry in catalogue(language).translated_entries():
        for english, own in _pairs(entry):
            if _placeholders(english) != _placeholders(own):
                wrong.append((entry.msgid, own))
    assert wrong == []


def _pairs(entry: polib.POEntry):
    if entry.msgid_plural:
        for index, text in entry.msgstr_plural.items():
            # Languages with one plural form use the plural's placeholders in every form.
            yield (entry.msgid if index == 0 else entry.msgid_plural), text
    else:
        yield entry.msgid, entry.msgstr


def _placeholders(text: str) -> list[str]:
    import re

    return sorted(re.findall(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]*\}", text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_files(language):
    """The site reads the .mo files (committed, so running it needs no gettext): they must be
    the .po files compiled, not an older version (`make messages` compiles them)."""
    po = catalogue(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))

    def table(entries):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, dict(entry.msgstr_plural))
            for entry in entries
            if entry.msgid and translated(entry) and "fuzzy" not in entry.flags
        }

    assert table(mo) == table(po)


def test_the_catalogues_hold_every_marked_string(tmp_path):
    """makemessages on a copy of the code finds no string missing from the .po files, and none
    there that the code no longer marks."""
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        reason = "needs GNU gettext (xgettext, msgmerge) to collect the marked strings"
        if required():
            pytest.fail(f"{reason} (PEERHUB_REQUIRE_SERVICES=1: CI must have it)")
        pytest.skip(reason)
    copy = tmp_path / "code"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "__pycache__", "*.sqlite3", "bench"
        ),
    )
    command = [sys.executable, "manage.py", "makemessages", "--add-location=file", "--no-obsolete"]
    command += [f"-l{language}" for language in LANGUAGES]
    command += [f"--ignore={name}" for name in ("tests", "docs", "staticfiles", "bench")]
    subprocess.run(
        command,
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "peerhub.settings.test"},
    )
    for language in LANGUAGES:
        fresh = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        ids = {(entry.msgctxt, entry.msgid) for entry in fresh}
        committed = {(entry.msgctxt, entry.msgid) for entry in catalogue(language)}
        assert (sorted(ids - committed), sorted(committed - ids)) == ([], []), language
