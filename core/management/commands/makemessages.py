"""Django's makemessages, without fuzzy guesses: a new string gets an empty translation (which
tests/peerhub/test_translations.py points out) rather than a near miss from another string that a
reader would be shown as if it were right."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
