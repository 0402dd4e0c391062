"""gunicorn's configuration for `make serve` and production (`gunicorn portal.wsgi -c python:portal.gunicorn`).

Threads, so that a few slow clients holding half-sent requests never occupy every worker (put a buffering
proxy such as nginx in front as well; docs/deploy.md); timeouts that end a stuck request; an access log
without the tokens that links carry."""

import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Bounded request lines and headers: a client cannot make a worker read for ever.
limit_request_line = 8190
limit_request_fields = 100
logger_class = "home.ops.logs.GunicornLogger"
