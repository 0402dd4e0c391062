"""Small site-wide values kept in each process for the page-cache generation of the request being served.

The navigation, the paths of private pages and Wagtail's site root paths are kept in the shared cache and read
on every uncached page and form sent: three round trips to Redis (and three unpickled values) per request for
values that change only when a page is published, moved or deleted, a view restriction or a Site changes, and
each of those moves the page-cache generation on, in every process (home/signals.py). So the generation the
request read (`home.site.lookup` sets it for the request's duration) names the copy this process may reuse; a
new generation reads the shared cache again. Outside a request (the mail worker, a command) nothing is kept.

The values are shared by the requests of a process: they must not be changed in place (tuples, or dicts and
lists that templates only read).
"""

import threading
from contextvars import ContextVar

serving_generation = ContextVar("serving_generation", default=None)

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
        _kept[name] = (generation, value)
    return value
