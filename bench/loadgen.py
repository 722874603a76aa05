"""Load generators: wrk (Debian's package) when it is there, else a small one in Python.

Both keep ``connections`` requests in flight for ``duration`` seconds against one URL (or a mix
of paths on one server, taken in turn) and report the same things: requests per second, the
50th and 99th latency percentiles, responses that are neither 2xx nor 3xx, and socket errors
(connect, read, write, timeout). Either can also run in the background until it is stopped
(``BackgroundLoad``), as the propagation row needs.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
REQUEST_TIMEOUT = 30  # seconds, gunicorn's own worker timeout


@dataclass
class LoadResult:
    tool: str
    connections: int
    duration_s: float
    requests: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + self.socket_errors

    def as_dict(self) -> dict:
        return asdict(self) | {"errors": self.errors}


# wrk ---------------------------------------------------------------------------------------------


def wrk_path() -> str | None:
    return shutil.which("wrk")


def install_wrk(log) -> str | None:
    """Install Debian's wrk when running as root with apt-get; its path, or None."""
    apt = shutil.which("apt-get")
    if os.geteuid() != 0 or apt is None:
        log("wrk is not installed and this is not root with apt-get: using the Python fallback")
        return None
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = [apt, "install", "-y", "-qq", "wrk"]
    log("wrk is not installed: apt-get install wrk")
    for attempt in ([install], [[apt, "update", "-qq"], install]):
        ok = all(
            subprocess.run(step, env=env, capture_output=True, check=False).returncode == 0  # noqa: S603
            for step in attempt
        )
        if ok and wrk_path():
            return wrk_path()
    log("apt-get could not install wrk: using the Python fallback")
    return None


def wrk_version(path: str) -> str:
    # `wrk -v` prints its version and usage, and exits 1.
    done = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk"


# Taken in turn by every connection when a load has several paths (the read mix).
WRK_MIX = """
local paths, counter = {}, 0
init = function(args)
  for i, path in ipairs(args) do paths[i] = path end
end
request = function()
  counter = counter % #paths + 1
  return wrk.format(nil, paths[counter])
end
"""


def wrk_command(
    wrk: str,
    url: str,
    *,
    duration: float,
    connections: int,
    headers: dict | None = None,
    paths: list[str] | None = None,
) -> tuple[list[str], Path | None]:
    """wrk's command line, and the temporary script to delete afterwards (a mix only)."""
    threads = max(1, min(connections, os.cpu_count() or 1))
    script, temporary = WRK_SCRIPT, None
    if paths:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as out:
            out.write(WRK_SCRIPT.read_text() + WRK_MIX)
        script = temporary = Path(out.name)
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={REQUEST_TIMEOUT}s",
        "-s",
        str(script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if paths:
        command += ["--", *paths]
    return command, temporary


def wrk_result(stdout: str, stderr: str, connections: int) -> LoadResult:
    line = next((line for line in stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{stdout}\n{stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    return LoadResult(
        tool="wrk",
        connections=connections,
        duration_s=round(seconds, 2),
        requests=data["requests"],
        requests_per_s=round(data["requests"] / seconds, 1) if seconds else 0.0,
        p50_ms=round(data["p50_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2),
        non_2xx_3xx=data["status"],
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
    )


def wrk_load(
    wrk: str,
    url: str,
    *,
    duration: float,
    connections: int,
    headers: dict | None = None,
    paths: list[str] | None = None,
) -> LoadResult:
    command, temporary = wrk_command(
        wrk, url, duration=duration, connections=connections, headers=headers, paths=paths
    )
    try:
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True, timeout=duration + 120
        )
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return wrk_result(done.stdout, done.stderr, connections)


# Python fallback -------------------------------------------------------------------------------


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def python_load(
    url: str,
    *,
    duration: float,
    connections: int,
    headers: dict | None = None,
    paths: list[str] | None = None,
    stop: threading.Event | None = None,
) -> LoadResult:
    """``connections`` threads, each one HTTP/1.1 connection re-opened whenever it closes.

    With ``paths``, each thread takes them in turn (from a different one each); with ``stop``,
    the load ends when it is set or after ``duration``, whichever comes first.
    """
    parts = urlsplit(url)
    targets = paths or [parts.path + (f"?{parts.query}" if parts.query else "")]
    stop = stop or threading.Event()
    start_together = threading.Barrier(connections + 1)
    latencies: list[list[float]] = [[] for _ in range(connections)]
    bad_status = [0] * connections
    socket_errors = [0] * connections
    deadline = [0.0]

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, REQUEST_TIMEOUT)
        start_together.wait()
        turn = index
        while time.perf_counter() < deadline[0] and not stop.is_set():
            target = targets[turn % len(targets)]
            turn += 1
            began = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers or {})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                socket_errors[index] += 1
                connection.close()
                continue
            latencies[index].append(time.perf_counter() - began)
            if not 200 <= response.status < 400:
                bad_status[index] += 1
            if response.will_close:
                connection.close()  # gunicorn's sync workers close after each response
        connection.close()

    workers = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    deadline[0] = began + duration
    start_together.wait()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    merged = sorted(value for per_thread in latencies for value in per_thread)
    return LoadResult(
        tool="python",
        connections=connections,
        duration_s=round(elapsed, 2),
        requests=len(merged),
        requests_per_s=round(len(merged) / elapsed, 1),
        p50_ms=round(percentile(merged, 0.50) * 1000, 2),
        p99_ms=round(percentile(merged, 0.99) * 1000, 2),
        non_2xx_3xx=sum(bad_status),
        socket_errors=sum(socket_errors),
    )


# Either tool, in the foreground or in the background ----------------------------------------


@dataclass
class Generator:
    tool: str  # "wrk" or "python"
    version: str
    wrk: str | None = None

    def load(self, url, *, duration, connections, headers=None, paths=None) -> LoadResult:
        if self.tool == "wrk":
            return wrk_load(
                self.wrk,
                url,
                duration=duration,
                connections=connections,
                headers=headers,
                paths=paths,
            )
        return python_load(
            url, duration=duration, connections=connections, headers=headers, paths=paths
        )

    def background(self, url, *, connections, headers=None, longest=900.0) -> BackgroundLoad:
        return BackgroundLoad(self, url, connections=connections, headers=headers, longest=longest)


def choose(choice: str, log) -> Generator:
    """wrk (installed with apt-get if need be) for "auto" and "wrk", else the Python one."""
    if choice in ("auto", "wrk"):
        wrk = wrk_path() or install_wrk(log)
        if wrk:
            return Generator("wrk", wrk_version(wrk), wrk)
        if choice == "wrk":
            raise SystemExit("wrk was asked for and could not be installed")
    return Generator("python", f"bench/loadgen.py on Python {platform.python_version()}")


class BackgroundLoad:
    """A load that runs until ``stop()`` (at most ``longest`` seconds), which returns its result.

    wrk is stopped with SIGINT, on which it prints its summary as at the end of a timed run.
    """

    def __init__(self, generator: Generator, url, *, connections, headers=None, longest=900.0):
        self.connections = connections
        self.result: LoadResult | None = None
        self._temporary = None
        if generator.tool == "wrk":
            command, self._temporary = wrk_command(
                generator.wrk, url, duration=longest, connections=connections, headers=headers
            )
            self._process = subprocess.Popen(  # noqa: S603
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            self._thread = None
        else:
            self._process = None
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._python,
                args=(url, connections, headers, longest),
                daemon=True,
            )
            self._thread.start()

    def _python(self, url, connections, headers, longest) -> None:
        self.result = python_load(
            url, duration=longest, connections=connections, headers=headers, stop=self._stop
        )

    def stop(self) -> LoadResult:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.send_signal(signal.SIGINT)
            try:
                stdout, stderr = self._process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                self._process.kill()
                stdout, stderr = self._process.communicate()
            if self._temporary is not None:
                self._temporary.unlink(missing_ok=True)
            self.result = wrk_result(stdout, stderr, self.connections)
        else:
            self._stop.set()
            self._thread.join()
        return self.result


# Single requests -------------------------------------------------------------------------------


@dataclass
class Probe:
    status: int
    ms: float
    bytes: int
    headers: dict


def probe(url: str, headers: dict | None = None, timeout: float = 300) -> Probe:
    """One GET on a fresh connection, timed from connect to the last byte of the body."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    began = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    ms = (time.perf_counter() - began) * 1000
    return Probe(response.status, round(ms, 2), len(body), dict(response.getheaders()))


FAILED = (OSError, http.client.HTTPException)  # refused, reset, cut short (a worker timed out)


def safe_probe(url: str, headers: dict | None = None, timeout: float = 300) -> Probe:
    """``probe``, except that a request that failed is status 0, timed until it failed."""
    began = time.perf_counter()
    try:
        return probe(url, headers=headers, timeout=timeout)
    except FAILED as error:
        ms = round((time.perf_counter() - began) * 1000, 2)
        return Probe(0, ms, 0, {"error": repr(error)[:300]})
