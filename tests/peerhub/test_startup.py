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
from peerhub.startup import warm_up

loader = engines["django"].engine.template_loaders[0]
resolver = get_resolver()
def state():
    return {
        "languages": sorted(code for code in resolver._reverse_dict),
        "templates": sorted(loader.get_template_cache),
        "catalogues": sorted(translation.trans_real._translations),
    }
before = state()
warm_up()
print(json.dumps({"before": before, "after": state(), "loader": type(loader).__name__}))
"""


def warm_up_in_a_new_process(**env) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        env=production_env(0, **env),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


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
