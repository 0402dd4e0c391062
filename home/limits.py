"""Abuse limits: how many times a client may use a form within the hour, counted in the shared cache.

The counters are a brake, not a record: when the cache is unavailable, requests are let through.
"""

from django.core.cache import cache

from .client import client_address
from .security import fingerprint

WINDOW = 3600


def within_limit(request, purpose, limit):
    """Counts this request; False once the client has used `purpose` more than `limit` times this hour."""
    key = f"limit:{purpose}:{fingerprint(client_address(request))}"
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key) <= limit
    except ValueError:
        return True
