"""Small site-wide values kept in each process for the page-cache generation of the request being served.

The navigation, the paths of private pages and Wagtail's site root paths are kept in the shared cache and read
on every uncached page and form sent: three round trips to Redis (and three unpickled values) per request for
values that change only when a page is published, moved or deleted, a view restriction or a Site changes, and
each of those moves the page-cache generation on, in every process (home/signals.py). So the generation the
request read (`home.site.lookup` sets it for the request's duration, the outbox worker for each mail) names the
copy this process may reuse; a new generation reads the shared cache again. Elsewhere (a command, a test outside a
request) nothing is kept.

The values are shared by the requests of a process: they must not be changed in place (tuples, or dicts and
lists that templates only read); `kept_copy` keeps a value pickled and gives every caller its own copy (the
event pages the outbox worker renders mail about).
"""

import pickle
import threading
from contextlib import contextmanager
from contextvars import ContextVar

serving_generation = ContextVar("serving_generation", default=None)

MAX_KEPT = 256  # names: a few site-wide values, and the event pages and calendars the outbox worker mailed about
_kept = {}  # name -> (generation, value)
_lock = threading.Lock()


def kept_per_generation(name, read):
    """`read()`, or this process's copy of it made under the generation of the request being served."""
    generation = serving_generation.get()
    if generation is None:
        return read()
    found = _kept.get(name)
    if found is not None and found[0] == generation:
        return found[1]
    value = read()
    with _lock:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[name] = (generation, value)
    return value


@contextmanager
def serving(generation):
    """What runs inside may use the copies kept for `generation`."""
    token = serving_generation.set(generation)
    try:
        yield
    finally:
        serving_generation.reset(token)


def kept_copy(name, read):
    """Like `kept_per_generation` for a value that its caller may change (a model instance): kept pickled, and
    every call gets its own copy."""
    return pickle.loads(kept_per_generation(name, lambda: pickle.dumps(read())))  # noqa: S301 - our own bytes
