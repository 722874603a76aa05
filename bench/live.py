"""In-process timings while gunicorn serves: a change made here and seen there.

``propagation``: against one app server (B), while another (A) and B serve the region feed under
load: read B's current ETag, commit a change here (``groups_changed``, what a coordinator's
edit runs: a committed change and its NOTIFY), then ask B with ``If-None-Match: <old ETag>`` as
fast as possible until it answers 200 with a new ETag. The time is from the change's return
(committed) to that answer, on this process's clock.

``writes``: a coordinator's changes, one every ``--interval`` seconds until stdin is closed:
``session_cancel`` of a future session of the group, then ``session_change_undo`` on the next
tick, and so on (real service calls, committed, no emails). Prints ``READY`` once Django is up,
and leaves the session as it found it.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import threading
import time


def add_commands(commands) -> None:
    spread = commands.add_parser("propagation")
    spread.add_argument("--base-url", required=True)
    spread.add_argument("--path", required=True)
    spread.add_argument("--group", required=True)
    spread.add_argument("--repetitions", type=int, default=30)
    spread.add_argument("--timeout", type=float, default=10.0)
    writes = commands.add_parser("writes")
    writes.add_argument("--group", required=True)
    writes.add_argument("--interval", type=float, default=1.0)


def run_command(args, *, touch) -> dict:
    if args.command == "propagation":
        return propagation(
            args.base_url, args.path, args.group, args.repetitions, args.timeout, touch=touch
        )
    return writer(args.group, args.interval)


def propagation(
    base_url: str, path: str, group: str, repetitions: int, timeout: float, *, touch
) -> dict:
    from bench.loadgen import FAILED, percentile, probe

    url = base_url + path
    samples, polls, errors, timeouts, statuses = [], [], 0, 0, {}
    for _ in range(repetitions):
        try:
            before = probe(url, timeout=timeout)
        except FAILED:
            errors += 1
            continue
        if before.status != 200 or "ETag" not in before.headers:
            errors += 1
            continue
        old = before.headers["ETag"]
        touch(group)
        committed = time.perf_counter()
        asked = 0
        while True:
            if time.perf_counter() - committed > timeout:
                timeouts += 1
                break
            try:
                answer = probe(url, headers={"If-None-Match": old}, timeout=timeout)
            except FAILED:
                errors += 1
                continue
            asked += 1
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
            if answer.status == 200 and answer.headers.get("ETag") != old:
                samples.append(round((time.perf_counter() - committed) * 1000, 2))
                polls.append(asked)
                break
            if answer.status not in (200, 304):
                errors += 1
        time.sleep(random.uniform(0.1, 0.3))  # noqa: S311 (not phase-locked with anything)
    ordered = sorted(samples)
    return {
        "samples_ms": samples,
        "polls": polls,
        "p50_ms": round(statistics.median(ordered), 2) if ordered else None,
        "p99_ms": percentile(ordered, 0.99) if ordered else None,
        "max_ms": ordered[-1] if ordered else None,
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "errors": errors,
        "timeouts": timeouts,
    }


def future_session(group) -> dt.date:
    """The group's first session from two days on with no change yet (within a year)."""
    from django.utils import timezone

    from groups.models import SessionChange

    first = timezone.localdate() + dt.timedelta(days=2)
    changed = set(
        SessionChange.objects.filter(group=group, original_date__gte=first).values_list(
            "original_date", flat=True
        )
    )
    for day in group.schedule.session_dates(first, first + dt.timedelta(days=366)):
        if day not in changed:
            return day
    raise SystemExit(f"{group.slug} has no session without a change in the coming year")


def writer(group_slug: str, interval: float) -> dict:
    from groups.models import Group, SessionChange
    from groups.sessions import session_cancel, session_change_undo

    group = Group.objects.get(slug=group_slug)
    day = future_session(group)
    stop = threading.Event()

    def wait_for_eof() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    print("READY", flush=True)
    writes, errors, timings, messages = {"cancel": 0, "undo": 0}, 0, [], []
    change = None
    tick = time.monotonic()
    while not stop.is_set():
        began = time.perf_counter()
        try:
            if change is None:
                change = session_cancel(group=group, original_date=day, notify=False)
                writes["cancel"] += 1
            else:
                session_change_undo(change=change, notify=False)
                change = None
                writes["undo"] += 1
            timings.append(round((time.perf_counter() - began) * 1000, 2))
        except Exception as error:  # noqa: BLE001 (counted and shown, the run goes on)
            errors += 1
            messages.append(repr(error)[:300])
            change = SessionChange.objects.filter(group=group, original_date=day).first()
        tick += interval
        stop.wait(max(0.0, tick - time.monotonic()))
    restored = False
    if change is not None:
        session_change_undo(change=change, notify=False)
        restored = True
    return {
        "group": group_slug,
        "session": day.isoformat(),
        "interval_s": interval,
        "writes": writes["cancel"] + writes["undo"],
        "cancels": writes["cancel"],
        "undos": writes["undo"],
        "write_errors": errors,
        "error_messages": messages[:5],
        "write_ms_p50": round(statistics.median(timings), 2) if timings else None,
        "write_ms_max": max(timings) if timings else None,
        "restored_after": restored,
    }
