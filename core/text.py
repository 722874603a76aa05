"""Sentences put together from names and other text that may already end with a full stop."""

# What already ends a sentence: "Kwame M." needs no second full stop.
SENTENCE_ENDS = (".", "!", "?", "…")


def sentence(text: str) -> str:
    """``text`` ended with one full stop: "in place of Kwame M." stays as it is, never "M..".

    Short names ("Kwame M."), abbreviations ("St.") and people's own notes can end with a full
    stop already; a sentence that ends with one of them gets no second.
    """
    text = str(text)
    return text if text.rstrip().endswith(SENTENCE_ENDS) else f"{text}."
