"""A value a page could not use, named for the person who sent it."""

from typing import NamedTuple


class Problem(NamedTuple):
    """One parameter a page refused (``parameter``, as in the URL), and why, in plain words."""

    parameter: str
    message: str
