"""The schedule in words, dates and times in Spanish and Portuguese: whole phrases of their own,
not English words glued in another order. English is pinned in test_describe.py."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation
from recurrence import MONTHLY, WEEKLY, Rule, Weekday

from core import words
from groups.describe import schedule_in_words
from tests.groups.test_describe import schedule

MO, TU, WE, TH, FR, SA, SU = range(7)

WEEKLY_TUESDAY = schedule(Rule(WEEKLY, byday=[TU]))
EVERY_OTHER_TUESDAY = schedule(Rule(WEEKLY, interval=2, byday=[TU]))
EVERY_OTHER_SATURDAY = schedule(Rule(WEEKLY, interval=2, byday=[SA]), start=(2026, 1, 10))
SECOND_AND_FOURTH_TUESDAY = schedule(
    Rule(MONTHLY, byday=[Weekday(TU, 2), Weekday(TU, 4)]), start=(2026, 1, 13)
)
FIRST_SATURDAY = schedule(
    Rule(MONTHLY, byday=[Weekday(SA, 1)]), start=(2026, 1, 3), at=(10, 30), minutes=90
)
LAST_FRIDAY = schedule(Rule(MONTHLY, byday=[Weekday(FR, -1)]), start=(2026, 1, 30), at=(13, 0))
LAST_WEEKDAY = schedule(
    Rule(MONTHLY, byday=[MO, TU, WE, TH, FR], bysetpos=-1), start=(2026, 1, 30), at=(12, 0)
)
SEVERAL_DAYS = schedule(
    Rule(WEEKLY, byday=[FR, MO, WE]), start=(2026, 1, 5), at=(10, 0), minutes=60
)
ONE_OFF = schedule(start=(2026, 2, 14), at=(10, 0), minutes=180)
FIRST_AND_FIFTEENTH = schedule(Rule(MONTHLY, bymonthday=[15, 1]), start=(2026, 1, 1))
WITH_AN_END = schedule(Rule(WEEKLY, byday=[TU], count=6), end_date=(2026, 12, 28))

CASES = {
    "weekly": (
        WEEKLY_TUESDAY,
        "Todos los martes, de 6:00 a 7:30 p. m.",
        "Toda terça-feira, das 18h às 19h30",
    ),
    "every other week": (
        EVERY_OTHER_TUESDAY,
        "Un martes sí y otro no, de 6:00 a 7:30 p. m.",
        "A cada duas semanas, às terças-feiras, das 18h às 19h30",
    ),
    "every other Saturday: a masculine day in Portuguese": (
        EVERY_OTHER_SATURDAY,
        "Un sábado sí y otro no, de 6:00 a 7:30 p. m.",
        "A cada duas semanas, aos sábados, das 18h às 19h30",
    ),
    "2nd and 4th Tuesday": (
        SECOND_AND_FOURTH_TUESDAY,
        "El segundo y cuarto martes de cada mes, de 6:00 a 7:30 p. m.",
        "A segunda e quarta terça-feira de cada mês, das 18h às 19h30",
    ),
    "1st Saturday: the ordinal agrees with the day": (
        FIRST_SATURDAY,
        "El primer sábado de cada mes, de 10:30 a. m. a 12:00 p. m.",
        "O primeiro sábado de cada mês, das 10h30 às 12h",
    ),
    "last Friday of the month": (
        LAST_FRIDAY,
        "El último viernes de cada mes, de 1:00 a 2:30 p. m.",
        "A última sexta-feira de cada mês, das 13h às 14h30",
    ),
    "last weekday of the month": (
        LAST_WEEKDAY,
        "El último día hábil de cada mes, de 12:00 p. m. a 1:30 p. m.",
        "O último dia útil de cada mês, das 12h às 13h30",
    ),
    "several days a week": (
        SEVERAL_DAYS,
        "Cada semana, los días lunes, miércoles y viernes, de 10:00 a 11:00 a. m.",
        "Toda semana: segunda-feira, quarta-feira e sexta-feira, das 10h às 11h",
    ),
    "one-off": (
        ONE_OFF,
        "Sábado 14 de febrero de 2026, de 10:00 a. m. a 1:00 p. m.",
        "Sábado, 14 de fevereiro de 2026, das 10h às 13h",
    ),
    "days of the month": (
        FIRST_AND_FIFTEENTH,
        "Los días 1 y 15 de cada mes, de 6:00 a 7:30 p. m.",
        "Os dias 1 e 15 de cada mês, das 18h às 19h30",
    ),
    "a number of sessions and an end": (
        WITH_AN_END,
        "Todos los martes, de 6:00 a 7:30 p. m., 6 sesiones, hasta el 28 de diciembre de 2026",
        "Toda terça-feira, das 18h às 19h30, 6 encontros, até 28 de dezembro de 2026",
    ),
}


@pytest.mark.parametrize(("given", "spanish", "portuguese"), CASES.values(), ids=CASES.keys())
def test_schedule_in_words_in_spanish_and_portuguese(given, spanish, portuguese):
    with translation.override("es"):
        assert schedule_in_words(given) == spanish
    with translation.override("pt-br"):
        assert schedule_in_words(given) == portuguese


def test_the_english_after_another_language_is_unchanged():
    with translation.override("es"):
        schedule_in_words(SECOND_AND_FOURTH_TUESDAY)
    with translation.override("en"):
        assert schedule_in_words(SECOND_AND_FOURTH_TUESDAY) == (
            "The 2nd and 4th Tuesday of every month, 6:00 to 7:30 pm"
        )


DAY = dt.date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("language", "long", "no_year", "month"),
    [
        ("en", "Tuesday 1 December 2026", "Tuesday 1 December", "December 2026"),
        ("es", "martes 1 de diciembre de 2026", "martes 1 de diciembre", "diciembre de 2026"),
        (
            "pt-br",
            "terça-feira, 1 de dezembro de 2026",
            "terça-feira, 1 de dezembro",
            "dezembro de 2026",
        ),
    ],
)
def test_a_date_in_each_language(language, long, no_year, month):
    with translation.override(language):
        assert (words.long_date(DAY), words.long_date_no_year(DAY), words.month_year(DAY)) == (
            long,
            no_year,
            month,
        )


@pytest.mark.parametrize(
    ("language", "evening", "morning_to_afternoon", "noon"),
    [
        ("en", "6:30 pm", "11:30 am to 1:00 pm", "noon"),
        ("es", "6:30 p. m.", "de 11:30 a. m. a 1:00 p. m.", "12:00 p. m."),
        ("pt-br", "18h30", "das 11h30 às 13h", "12h"),
    ],
)
def test_a_time_in_each_language(language, evening, morning_to_afternoon, noon):
    with translation.override(language):
        assert (
            words.clock(dt.time(18, 30)),
            words.time_range(dt.time(11, 30), dt.time(13, 0)),
            words.clock(dt.time(12, 0)),
        ) == (evening, morning_to_afternoon, noon)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Tuesday 1 December|Tuesday 1 December 2026|1 December 2026"),
        ("es", "martes 1 de diciembre|martes 1 de diciembre de 2026|1 de diciembre de 2026"),
        (
            "pt-br",
            "terça-feira, 1 de dezembro|terça-feira, 1 de dezembro de 2026|1 de dezembro de 2026",
        ),
    ],
)
def test_the_template_filters_for_dates(language, expected):
    # 2 December, 1:30 am UTC, is still 1 December in Massachusetts: the local date counts.
    late = dt.datetime(2026, 12, 2, 1, 30, tzinfo=dt.UTC)
    template = Template(
        "{% load peerhub %}{{ day|date_words }}|{{ late|date_words:'year' }}"
        "|{{ day|date_words:'day month year' }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"day": DAY, "late": late}))
    assert rendered == expected
