"""The deployment files pass every setting: each environment variable the code reads (found in
the source, not listed by hand) is in .env.example and reaches the app's services in
docker-compose.yml; every service has a health check; images are pinned; the web port is
published on the loopback only.

The compose file is checked by the tool itself (`docker compose config`, or Debian's
docker-compose 1.29), skipped where neither is installed (and failing in CI, which installs it).
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core import build_ahead
from core.management.commands.build_worker import Command as BuildWorker
from tests.services import required

ROOT = Path(__file__).resolve().parent.parent.parent
# The modules that read the environment: the settings, and what gunicorn and Docker's health
# checks run (peerhub/gunicorn.py, peerhub/healthcheck.py).
READERS = sorted((ROOT / "peerhub").rglob("*.py"))
ENV_METHODS = {
    "str", "bool", "int", "float", "list", "tuple", "dict", "json", "url", "path", "db", "db_url",
    "cache", "cache_url", "email", "email_url", "search_url", "get_value",
}  # fmt: skip
# Read by the programs themselves: gunicorn (its workers), the db service (its password).
NOT_BY_DJANGO = {"WEB_CONCURRENCY", "POSTGRES_PASSWORD"}
APP_SERVICES = {"migrate", "web", "worker", "builder", "builder-long"}
SERVICES = {"db", "redis", *APP_SERVICES}


def variables_read(path: Path) -> set[str]:
    """Names given to ``env("X")``, ``env.str("X", ...)``, ``env.db("X")`` and the like."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.args[0]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
            continue
        call = node.func
        plain = isinstance(call, ast.Name) and call.id == "env"
        method = (
            isinstance(call, ast.Attribute)
            and isinstance(call.value, ast.Name)
            and call.value.id == "env"
            and call.attr in ENV_METHODS
        )
        if plain or method:
            names.add(name.value)
    return names


def every_variable() -> set[str]:
    return set().union(*(variables_read(path) for path in READERS))


def env_example() -> tuple[dict[str, str], set[str]]:
    """.env.example's set variables (name: value) and those shown commented out (defaults)."""
    set_lines, commented = {}, set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line):
            set_lines[match[1]] = match[2]
        elif match := re.match(r"^# ([A-Z][A-Z0-9_]*)=", line):
            commented.add(match[1])
    return set_lines, commented


def test_the_source_scan_finds_what_the_settings_read():
    """The scan itself: a variable of each kind of call is found (else the next test proves
    nothing)."""
    found = every_variable()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "EMAIL_URL", "ALLOWED_HOSTS"} <= found
    assert {"TRUSTED_PROXY_COUNT", "SECURE_HSTS_PRELOAD", "LOG_FORMAT", "STATIC_ROOT"} <= found


def test_env_example_lists_every_variable_the_code_reads():
    set_lines, commented = env_example()
    listed = set(set_lines) | commented
    assert sorted(every_variable() - listed) == []
    assert sorted(NOT_BY_DJANGO - listed) == []
    assert sorted(set(set_lines) & commented) == []


def readme_table() -> set[str]:
    """The variables named in the first column of the README's "Configuration" table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split(" | ", 1)[0]))
    return names


def test_the_readme_table_explains_every_variable():
    """Each variable the code reads, and each one gunicorn or compose reads, has a row."""
    assert sorted((every_variable() | NOT_BY_DJANGO) - readme_table()) == []


def test_env_example_leaves_the_secrets_empty():
    """Nobody deploys the example's secret: production refuses an empty SECRET_KEY, docker
    compose an empty POSTGRES_PASSWORD."""
    set_lines, _ = env_example()
    assert (set_lines["SECRET_KEY"], set_lines["POSTGRES_PASSWORD"]) == ("", "")
    assert set_lines["TRUSTED_PROXY_COUNT"] == "0"
    assert set_lines["SECURE_SSL_REDIRECT"] == "true"


def test_a_shell_reads_env_example_as_compose_does():
    """Without Docker, the README loads the file with `set -a; . ./.env; set +a`."""
    done = subprocess.run(
        ["sh", "-c", "set -a; . ./.env.example; set +a; env -0"],
        cwd=ROOT, capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    shell = dict(item.split("=", 1) for item in done.stdout.split("\0") if "=" in item)
    set_lines, _ = env_example()
    expected = {name: value.strip('"') for name, value in set_lines.items()}
    assert {name: shell.get(name) for name in set_lines} == expected
    assert shell["DEFAULT_FROM_EMAIL"] == "PeerHub <no-reply@peerhub.invalid>"


def test_the_image_is_pinned_checks_its_health_and_runs_as_a_plain_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.findall(r"^FROM (\S+)", dockerfile, re.M) == ["python:3.11.14-slim-bookworm"]
    assert re.search(r"^HEALTHCHECK .*\n?.*peerhub\.healthcheck", dockerfile, re.M)
    assert re.findall(r"^USER (\S+)", dockerfile, re.M) == ["app"]
    assert "python:peerhub.gunicorn" in dockerfile


# The compose file, as the tool reads it ---------------------------------------------------------


def compose_command() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def as_json(command: list[str], yaml_text: str) -> dict:
    """docker-compose 1.x prints YAML only: read it with the Python that runs docker-compose
    (it depends on PyYAML), which our own environment does not have."""
    interpreter = Path(shutil.which(command[0])).read_text().splitlines()[0].removeprefix("#!")
    done = subprocess.run(
        [*interpreter.split(), "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],  # noqa: E501
        input=yaml_text, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def compose_config(directory: Path, env_text: str) -> tuple[subprocess.CompletedProcess, dict]:
    """`config` of a copy of the deployment files, with ``env_text`` as the operator's .env."""
    command = compose_command()
    if command is None:
        reason = "needs docker compose or docker-compose (Debian: apt-get install docker-compose)"
        if required():
            pytest.fail(f"{reason} (PEERHUB_REQUIRE_SERVICES=1: CI must have it)")
        pytest.skip(reason)
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, directory / name)
    (directory / ".env").write_text(env_text)
    json_flag = ["--format", "json"] if command == ["docker", "compose"] else []
    done = subprocess.run(
        [*command, "config", *json_flag],
        cwd=directory, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        return done, {}
    return done, json.loads(done.stdout) if json_flag else as_json(command, done.stdout)


def filled_in_env() -> str:
    """.env.example as an operator fills it in: the required values given."""
    text = (ROOT / ".env.example").read_text()
    text = text.replace("\nSECRET_KEY=\n", "\nSECRET_KEY=" + "s3cret-" * 8 + "\n")
    text = text.replace("\nPOSTGRES_PASSWORD=\n", "\nPOSTGRES_PASSWORD=db-pass-word\n")
    return text.replace("\n# EMAIL_URL=", "\nEMAIL_URL=")


def test_compose_accepts_the_file_and_passes_every_variable_to_the_app(tmp_path):
    done, config = compose_config(tmp_path, filled_in_env())
    assert done.returncode == 0, done.stderr
    services = config["services"]
    assert set(services) == SERVICES

    set_lines, _ = env_example()
    expected = set(set_lines) | {"EMAIL_URL"}
    for name in sorted(APP_SERVICES):
        environment = services[name].get("environment") or {}
        assert sorted(expected - set(environment)) == [], name
        assert environment["SECRET_KEY"] == "s3cret-" * 8
        assert environment["DEFAULT_FROM_EMAIL"] == "PeerHub <no-reply@peerhub.invalid>"
    assert services["db"]["environment"]["POSTGRES_PASSWORD"] == "db-pass-word"


def test_every_service_checks_its_health_and_runs_a_pinned_image(tmp_path):
    done, config = compose_config(tmp_path, filled_in_env())
    assert done.returncode == 0, done.stderr
    services = config["services"]

    unchecked = [
        name
        for name, service in services.items()
        if not service.get("healthcheck", {}).get("test") or service["healthcheck"].get("disable")
    ]
    assert unchecked == []
    for name in ("db", "redis"):
        assert re.fullmatch(r"[a-z]+:\d+\.\d+(\.\d+)?-bookworm", services[name]["image"]), name
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "-m", "peerhub.healthcheck"]
    for name in ("web", "worker", "builder", "builder-long"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"


@pytest.mark.parametrize(
    ("service", "queue"), [("builder", build_ahead.QUEUE), ("builder-long", build_ahead.LONG_QUEUE)]
)
def test_the_builder_takes_the_build_queue_only_and_looks_for_work_often(
    tmp_path, settings, service, queue
):
    """The builds handed over (core/build_ahead.py) have a worker of their own: behind an email
    that waits on its mail server, a change would be shown that much later. The long builds
    have another, so that none holds up the short ones."""
    done, config = compose_config(tmp_path, filled_in_env())
    assert done.returncode == 0, done.stderr
    command = config["services"][service]["command"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in compose
    # db_worker made ready before its first build, as a web worker is (build_worker.py)
    assert command[:3] == ["python", "manage.py", "build_worker"]
    options = BuildWorker().create_parser("manage.py", "build_worker").parse_args(command[3:])
    assert (options.queue_name, options.interval) == (queue, build_ahead.LOOK_EVERY)
    assert build_ahead.LOOK_EVERY <= 0.1
    assert "--queue-name" not in " ".join(config["services"]["worker"]["command"])


def test_web_is_published_on_the_loopback_only(tmp_path):
    done, config = compose_config(tmp_path, filled_in_env())
    assert done.returncode == 0, done.stderr
    published = [
        (name, port)
        for name, service in config["services"].items()
        for port in service.get("ports", [])
    ]
    assert len(published) == 1
    name, port = published[0]
    host_ip = port.get("host_ip") if isinstance(port, dict) else port.split(":")[0]
    assert (name, host_ip) == ("web", "127.0.0.1")


def test_compose_refuses_to_start_without_a_database_password(tmp_path):
    done, _ = compose_config(tmp_path, (ROOT / ".env.example").read_text())
    assert done.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in done.stderr
