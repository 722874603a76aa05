"""Sentences put together from names and other text that may already end with a full stop, and
texts read in a language chosen later. (Dates and lists in the active language: core.words.)"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy

# What already ends a sentence: "Kwame M." needs no second full stop.
SENTENCE_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """``text`` ended with one full stop: "in place of Kwame M." stays as it is, never "M..".

    Short names ("Kwame M."), abbreviations ("St.") and people's own notes can end with a full
    stop already; a sentence that ends with one of them gets no second.
    """
    text = str(text)
    return text if text.rstrip().endswith(SENTENCE_ENDS) else f"{text}."


def written_when_read(make):
    """A text that ``make()`` writes each time it is read (``str()``), in the language active
    then: for words decided now and sent later in someone else's language (an email's role)."""
    return lazy(make, str)()


class InEachLanguage:
    """A text written now in every language of the site, and read (``str()``, an f-string) in
    the one active then: for words that must be decided before a change is saved (where a
    session was) and read later in each recipient's language."""

    def __init__(self, write):
        self.texts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                self.texts[code] = write()

    def __str__(self):
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.texts.get(language, self.texts[settings.LANGUAGE_CODE])

    def __format__(self, spec):
        return format(str(self), spec)

    def __eq__(self, other):
        if isinstance(other, InEachLanguage):
            return self.texts == other.texts
        return NotImplemented

    def __hash__(self):
        return hash(tuple(sorted(self.texts.items())))

    def __repr__(self):
        return f"InEachLanguage({self.texts!r})"
