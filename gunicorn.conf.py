"""How gunicorn serves the back office in production: the one configuration of the web
server, used by the Dockerfile, docker-compose.yml and the benchmarks (`make bench`).

    gunicorn --config gunicorn.conf.py

Options given on the command line override these (the benchmarks bind to loopback with
`--bind`); the environment variables named below tune the rest without editing the file.

Threads, not processes, serve requests (the gthread worker): a client that is slow to send
its request holds one thread, not a whole worker, and a connection that sends nothing is
set aside without holding a thread. Every read of a request body and every write of a
response is bounded by CLIENT_TIMEOUT, so a client that stops sending midway frees its
thread. The request line and headers are read without a deadline once they have started
to arrive: production runs behind a TLS proxy, which buffers each request before passing
it on (see README, "Security").
"""
import os

from posbackoffice.observability.logs import gunicorn_logconfig_dict
from posbackoffice.observability.multiprocess import child_exit  # noqa: F401  (a gunicorn hook)

wsgi_app = "posbackoffice.wsgi:application"

# Where to listen. In a container, every interface; the TLS proxy is in front.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Processes (WEB_CONCURRENCY, as Heroku and others set it) and threads in each: up to
# workers × threads requests are served at once, each with its own database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# A worker that stops reporting for `timeout` seconds is restarted; on a restart or
# shutdown, requests in flight get `graceful_timeout` seconds to finish. An idle
# kept-alive connection is closed after `keepalive` seconds.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Seconds a single read of a request body, or write of a response, may wait for the client.
CLIENT_TIMEOUT = float(os.environ.get("GUNICORN_CLIENT_TIMEOUT", "10"))

# Size limits of a request's head. Gunicorn refuses a request beyond them itself, in HTML,
# before Django sees it. The request line is allowed gunicorn's largest bounded size (it
# is 4094 bytes by default), matching the 8 KiB a proxy such as nginx passes on: whatever
# the proxy lets through reaches Django, and under /epos/ is answered with an EPOSError.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs go to the container's output: the access log to stdout, gunicorn's own to stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's own lines as JSON objects too when LOG_FORMAT=json (see README, "Running it as a service").
logconfig_dict = gunicorn_logconfig_dict()


def pre_request(worker, req):
    """Bounds each read of the body and each write of the response of this request."""
    req.unreader.sock.settimeout(CLIENT_TIMEOUT)
