"""The fixed clock and public address the page tests share (see the fixture in conftest.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

BOSTON = ZoneInfo("America/New_York")
# A Saturday before the clocks change (8 March 2026); factory groups meet on Tuesdays at 6 pm
# from 6 January 2026.
NOW = dt.datetime(2026, 2, 28, 12, 0, tzinfo=BOSTON)
SITE = "https://peerhub.example.org"
