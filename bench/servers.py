"""The processes of the production shape (docker-compose.yml): gunicorn with production
settings, the task worker (``manage.py db_worker``), and Redis as the shared cache."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import loadgen
from bench.common import ROOT, inprocess, proc_value

SETTINGS = "peerhub.settings.production"


class GunicornDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        return probe_socket.getsockname()[1]


def _stop(process: subprocess.Popen | None, timeout: float = 30) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: gunicorn's master stops its workers
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Gunicorn:
    """gunicorn with production settings, as in the Dockerfile, bound to the loopback."""

    def __init__(self, env: dict, port: int, workers: int, logfile: Path):
        self.env, self.port, self.workers, self.logfile = env, port, workers, logfile
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "peerhub.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--config=python:peerhub.gunicorn",
            "--log-level=warning",
        ]
        with self.logfile.open("a") as out:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def restart(self) -> None:
        """A new master and new workers: nothing kept in any worker's memory."""
        self.stop()
        self.start()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise GunicornDidNotStart(
                    f"gunicorn exited with {self.process.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(OSError):
                answered = loadgen.probe(self.base_url + "/robots.txt", timeout=5).status == 200
                if answered and len(self.worker_pids()) >= self.workers:
                    return
            time.sleep(0.2)
        raise GunicornDidNotStart(f"gunicorn did not answer in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.logfile.read_text()[-2000:]
        return ""

    def worker_pids(self) -> list[int]:
        """The master's children, the workers (from /proc)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            return sorted(int(child) for child in children.read_text().split())
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(stat.parent.name))
        return sorted(found)

    def worker_memory(self) -> list[dict]:
        """Each worker's peak (VmHWM) and current (VmRSS) resident memory, in MB."""
        return _memory(self.worker_pids())

    def stop(self) -> None:
        _stop(self.process)


def _memory(pids: list[int]) -> list[dict]:
    """Each process's peak (VmHWM) and current (VmRSS) resident memory, in MB."""
    found = []
    for pid in pids:
        status = f"/proc/{pid}/status"
        peak, now = proc_value(status, "VmHWM"), proc_value(status, "VmRSS")
        if peak and now:
            found.append(
                {
                    "pid": pid,
                    "peak_mb": round(int(peak.split()[0]) / 1024, 1),
                    "rss_mb": round(int(now.split()[0]) / 1024, 1),
                }
            )
    return found


# The compose file's task workers, each a command and its arguments: the one that sends the
# emails, and the builders of the builds handed over (core/build_ahead.py), the short ones and
# those whose last build was long.
WORKER = ("db_worker",)
BUILDER = ("build_worker",)
LONG_BUILDER = ("build_worker", "--queue-name=build-long")


class TaskWorker:
    """``manage.py <command>``, one of the compose file's task workers (``WORKER``,
    ``BUILDER``, ``LONG_BUILDER``), with gunicorn's environment."""

    def __init__(self, env: dict, logfile: Path, *command: str):
        self.env, self.logfile, self.command = env, logfile, command
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> TaskWorker:
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        self.logfile.write_text("")
        self.start()
        return self

    def start(self) -> None:
        with self.logfile.open("a") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", *self.command],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        time.sleep(0.5)
        if self.process.poll() is not None:
            raise RuntimeError(
                f"manage.py {' '.join(self.command)} exited with {self.process.returncode}: "
                f"{self.logfile.read_text()[-2000:]}"
            )

    def restart(self) -> None:
        """A new process: nothing kept in its memory."""
        _stop(self.process)
        self.start()

    def memory(self) -> list[dict]:
        """Its peak (VmHWM) and current (VmRSS) resident memory, in MB, as ``Gunicorn``'s
        ``worker_memory`` gives each worker's."""
        return _memory([self.process.pid] if self.running else [])

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __exit__(self, *exc) -> None:
        _stop(self.process)


# Redis ------------------------------------------------------------------------------------------


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def check_redis(url: str) -> str:
    """Redis's version at ``url``; SystemExit naming the URL when it does not answer."""
    try:
        client = redis_client(url)
        client.ping()
        return client.info("server").get("redis_version", "?")
    except Exception as error:  # noqa: BLE001 (any failure means: no Redis to bench with)
        raise SystemExit(
            f"Redis does not answer at {url} ({error}). Start it (the production shape has it), "
            "give another with --redis-url, or run without it with --no-redis."
        ) from None


def redis_db(url: str) -> int:
    path = urlsplit(url).path.strip("/")
    return int(path) if path.isdigit() else 0


def flush_caches(env: dict, redis_url: str | None) -> None:
    """Empty the shared cache: FLUSHDB on the bench's Redis database, or the cache table."""
    if redis_url:
        redis_client(redis_url).flushdb()
    else:
        inprocess(env, "flush")
