"""gunicorn's settings for PeerHub: ``gunicorn -c python:peerhub.gunicorn peerhub.wsgi``.

Its logs (start-up, workers, one access line per request) are written as Django's are, from the
same LOG_LEVEL and LOG_FORMAT (peerhub/logconfig.py). Workers come from WEB_CONCURRENCY
(gunicorn's own default) and the address from the command line (``--bind``).
"""

import gc

import environ
from django_guid.context import guid

from peerhub.logconfig import logging_config

env = environ.Env()

logconfig_dict = logging_config(
    level=env.str("LOG_LEVEL", default="INFO"), log_format=env.str("LOG_FORMAT", default="text")
)
# The client's address as the proxy saw it, the request, status, bytes, milliseconds, referrer
# and browser. The request id is the line's own field (request_id), from X-Request-ID.
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'


def post_request(worker, req, environ, resp):
    """Forget the request's id once its access line is written: a line the worker logs between
    requests belongs to none of them."""
    guid.set(None)


# No control socket (gunicorn 25+, for `gunicornc`): we do not use it, and by default it goes to
# $HOME/.gunicorn/, which the image's user cannot write (an error at every start), and where
# every gunicorn of one user, on one machine, would replace the one before.
control_socket_disable = True

# The master loads the application (peerhub/wsgi.py: its checks and its warm-up) once, then
# forks: every worker, the first ones and each one that replaces another, is ready to answer
# when it is born, and the compiled templates and imported code are shared until written to.
# Nothing at load time opens a connection (to the database, Redis or anything else), so no
# worker inherits one. A code change needs a restart (a new master), not a HUP.
preload_app = True


def pre_fork(server, worker):
    """Before each fork, move what the master loaded out of the garbage collector's sight
    (Python's advice for a process that forks without exec). Else a new worker's first full
    collection walked every object the master had loaded (templates, catalogues, URL tables)
    and wrote into memory pages shared with the master: most of its first feed's time (about
    150 → 87 ms for a region's feed, the first request of a new worker)."""
    gc.freeze()


def post_worker_init(worker):
    """A new worker opens its connections before its first request (peerhub/startup.py)."""
    from peerhub.startup import worker_started

    worker_started()
