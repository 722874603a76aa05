"""The <peerhub-sessions> element's own words are the site's translations of them."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "peerhub-sessions.js"


def script_words() -> dict:
    text = SCRIPT.read_text()
    return json.loads(re.search(r"/\* words \*/(.*?)/\* end words \*/", text, re.S).group(1))


def site_words(language: str) -> dict:
    with translation.override(language):
        return {
            "cancelled": translation.pgettext("session", "Cancelled"),
            "changed": translation.pgettext("session", "Changed"),
            "nothing": translation.gettext("Nothing is scheduled in the coming weeks."),
            "tba": translation.gettext("Place to be announced"),
        }


def test_the_script_has_every_language_of_the_site():
    assert sorted(script_words()) == sorted(code for code, _name in settings.LANGUAGES)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_scripts_words_are_the_sites_translations(language):
    assert script_words()[language] == site_words(language)


def test_the_script_loads_nothing_from_elsewhere():
    """It reads the API of the site it came from, and no other address."""
    text = SCRIPT.read_text()
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    assert re.findall(r"https?://", code) == []
