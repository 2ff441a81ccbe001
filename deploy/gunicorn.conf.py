"""gunicorn settings of an app process (deploy/systemd/hoptac-web@.service); the bind address
is given on the command line. WEB_WORKERS and WEB_THREADS size it (defaults: 2 workers of 4
threads: pages wait on PostgreSQL more than they compute)."""

import os

wsgi_app = "hoptac.wsgi"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 120  # a layer upload or the review report of a large programme
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # a slow leak cannot grow for ever
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"  # nginx on the same machine
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl): two app processes
# would take it from each other. Not needed: systemd starts, stops and restarts them.
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """The apps' warm-up work (``hoptac.core.warmup``: search's compiled loops, decision 0022)
    run in the background as a worker starts (its application loaded), not by its first search:
    about half a second from numba's cache, seconds at the first start after a deploy, when they
    are compiled into it."""
    import threading

    from hoptac.core import warmup

    threading.Thread(target=warmup.run, name="warm-up", daemon=True).start()
