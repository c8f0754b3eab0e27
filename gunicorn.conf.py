"""gunicorn settings for the portal: ``gunicorn --config gunicorn.conf.py``.

https://docs.gunicorn.org/en/stable/settings.html. Each value has an environment variable so one file
serves every machine; worker class and counts were chosen by measurement (bench/README.md,
"gunicorn workers").
"""

import os

wsgi_app = "portal.wsgi:application"

# Behind the reverse proxy: bind to an address only it reaches (several: comma-separated).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# A listening socket per worker, between which the kernel spreads new connections: with one shared
# socket, whichever worker woke first took them, often all sixteen of a benchmark's connections, and
# the other worker (and processor core) idled. Connections waiting in a worker's queue when it stops
# are dropped: workers stop only when gunicorn restarts or a request runs past the timeout, as they
# are not recycled (max_requests).
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "true").lower() in ("1", "true", "yes", "on")
# Threads let a worker wait for PostgreSQL and the mail server while its other threads serve.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request still running after this many seconds is killed with its worker (a runaway export).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart or deploy, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# No restarts after a number of requests by default: a restart empties the worker's page cache front
# and its kept fragments (portal/page_cache/), and the worker answers nothing while it boots. At the
# thousands of cached answers a second one worker serves, 100,000 requests meant a restart of both
# workers about every half minute, which the throughput benchmark saw as seconds without an answer.
# What the workers keep in memory is bounded (LRUs of fixed size), so nothing piles up; set a number
# here only if a leak ever shows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))

# Trust X-Forwarded-Proto/-For only from the reverse proxy's addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr: the service manager or container runtime collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (gunicornc) is one path per user: two servers on one host would fight over it.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
