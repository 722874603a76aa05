"""gunicorn's settings (peerhub/gunicorn.py): what its master does before it forks a worker."""

import gc

from peerhub import gunicorn


def test_before_each_fork_the_master_freezes_what_it_loaded():
    """Frozen objects are never traversed by a worker's garbage collections: after the fork,
    the first collection of a worker walked everything the master had loaded (templates,
    catalogues, URL tables), which was most of a new worker's first feed (150 → 87 ms,
    docs/benchmarks.md), and wrote into pages shared with the master."""
    assert gc.get_freeze_count() == 0
    loaded = [{"kept": n} for n in range(1000)]  # what a master holds when it forks
    try:
        gunicorn.pre_fork(server=None, worker=None)
        assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc.unfreeze()
