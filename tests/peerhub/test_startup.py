"""What a worker does before it takes its first request (peerhub/startup.py), with production
settings in a new process, as gunicorn's worker imports peerhub.wsgi."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.production.servers import ROOT, production_env

CHECK = """
import json
import django
django.setup()
from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation
import datetime as dt
from peerhub.startup import warm_up
from publishing.vtimezone import vtimezone_ical, year_transitions

loader = engines["django"].engine.template_loaders[0]
resolver = get_resolver()
def state():
    return {
        "languages": sorted(code for code in resolver._reverse_dict),
        "templates": sorted(loader.get_template_cache),
        "catalogues": sorted(translation.trans_real._translations),
        "zone years": year_transitions.cache_info().currsize,
    }
before = state()
warm_up()
after = state()
# A feed of this year's sessions, its VTIMEZONE written from what the warm-up read.
today = dt.date.today()
vtimezone_ical(settings.TIME_ZONE, today, today + dt.timedelta(days=365))
after["zone years read by a feed"] = year_transitions.cache_info().currsize - after["zone years"]
print(json.dumps({"before": before, "after": after, "loader": type(loader).__name__}))
"""


WORKER_STARTED = """
import json
import django
django.setup()
from peerhub.startup import worker_started
worker_started()
from groups import versions
print(json.dumps({"listening thread": versions._listener["thread"].is_alive()}))
"""


def in_a_new_process(script: str, **env) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(0, **env),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def warm_up_in_a_new_process(**env) -> dict:
    return in_a_new_process(CHECK, **env)


def project_templates() -> list[str]:
    folder = Path(settings.BASE_DIR) / "templates"
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt", ".xml"}
    )


def test_a_worker_builds_its_url_tables_and_compiles_the_templates_before_any_request():
    # The database is somewhere nothing answers: the warm-up never reads it, so a worker
    # still starts while the database is away.
    found = warm_up_in_a_new_process(DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    codes = sorted(code for code, _ in settings.LANGUAGES)
    assert found["loader"] == "Loader"  # Django's cached loader, DEBUG being off
    assert (found["before"]["languages"], found["before"]["templates"]) == ([], [])
    assert found["after"]["languages"] == codes
    assert set(found["after"]["catalogues"]) >= set(codes)
    assert found["after"]["templates"] == project_templates()
    # The site's time zone's changes are read before any feed: a feed of this year reads none.
    assert found["before"]["zone years"] == 0
    assert found["after"]["zone years"] > 0
    assert found["after"]["zone years read by a feed"] == 0


def test_a_worker_starts_while_the_database_is_away():
    """gunicorn's post_worker_init opens the pool and the listening thread in the background:
    with nothing answering at the database's address, the worker still starts."""
    found = in_a_new_process(WORKER_STARTED, DATABASE_URL="postgres://nobody@127.0.0.1:9/nowhere")
    assert found == {"listening thread": True}
