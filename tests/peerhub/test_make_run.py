"""`make run` serves on PORT, and the site's own address (feeds, webcal links, QR codes) follows.

`make -n` prints the commands without running them; the server's line must carry the address.
"""

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs the make program")


def _runserver_line(*args: str, **env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    environment.update(env)
    completed = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [line for line in completed.stdout.splitlines() if "runserver" in line]
    return shlex.split(line)


def test_the_site_address_follows_the_port_given_in_the_environment():
    words = _runserver_line(PORT="8080")
    assert words[0] == "SITE_URL=http://127.0.0.1:8080"
    assert words[-1] == "127.0.0.1:8080"


def test_the_site_address_follows_the_port_given_to_make():
    words = _runserver_line("PORT=8081")
    assert words[0] == "SITE_URL=http://127.0.0.1:8081"
    assert words[-1] == "127.0.0.1:8081"


def test_the_default_port_and_address_agree():
    words = _runserver_line()
    assert words[0] == "SITE_URL=http://127.0.0.1:8000"
    assert words[-1] == "127.0.0.1:8000"


def test_a_given_site_address_wins_over_the_port():
    words = _runserver_line(PORT="8080", SITE_URL="https://peers.example.org")
    assert words[0] == "SITE_URL=https://peers.example.org"
    assert words[-1] == "127.0.0.1:8080"
