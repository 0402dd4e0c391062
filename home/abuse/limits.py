"""Abuse limits: how many times a client may use a form within the hour, counted in the `limits` cache (the
database: page traffic can never evict a counter).

Only valid submissions count, so a few typos never lock a person out. IPv6 clients are counted per /64,
the block one household or office gets (one rule for every limit: `client_group`). The counters are a
brake, not a record: a door that cannot read them decides for itself what is safe (registrations and joins
then ask for e-mail confirmation rather than refuse anyone).
"""

import ipaddress
import logging

from django.core.cache import caches
from django.db import DatabaseError, transaction

from home.abuse.client import client_address
from home.abuse.security import fingerprint

WINDOW = 3600
logger = logging.getLogger("portal.security")


def client_group(address):
    """The unit a limit counts: an IPv4 address, or the /64 network of an IPv6 address."""
    if not address:
        return ""
    ip = ipaddress.ip_address(address)
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is the IPv4 client it names
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def limit_key(request, purpose):
    return f"limit:{purpose}:{fingerprint(client_group(client_address(request)))}"


def within_limit(request, purpose, limit):
    """Counts one (valid) use of `purpose` by this client. True within the limit, False past it, and None
    when the counters cannot be read."""
    return within_key_limit(limit_key(request, purpose), limit)


def within_key_limit(key, limit):
    """Counts one use under `key` (a client, an account); as within_limit."""
    counters = caches["limits"]
    try:
        with transaction.atomic():  # a savepoint: a failing counter never breaks the caller's transaction
            counters.add(key, 0, WINDOW)
            return counters.incr(key) <= limit
    except (ValueError, DatabaseError) as error:
        logger.warning("abuse counters unavailable: %s", type(error).__name__)
        return None
