"""Abuse limits: how many times a client may use a form within the hour, counted in a table of their own (the
database: page traffic can never evict a counter).

Only valid submissions count, so a few typos never lock a person out. IPv6 clients are counted per /64,
the block one household or office gets (one rule for every limit: `client_group`). The counters are a
brake, not a record: a door that cannot read them decides for itself what is safe (registrations and joins
then ask for e-mail confirmation rather than refuse anyone).
"""

import ipaddress
import logging
from contextlib import nullcontext
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

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
    uses = count_use(key)
    return None if uses is None else uses <= limit


def count_use(key, window=WINDOW):
    """Adds one use under `key` and returns the uses within the window (a new window starts when the last one
    ran out), or None when the counters cannot be read. One statement, atomic under any concurrency: two
    requests at once never read the same number (a cache's add-then-incr did, and cost thirteen statements)."""
    from home.models import UseCounter

    table = connection.ops.quote_name(UseCounter._meta.db_table)
    now = timezone.now()
    moments = [connection.ops.adapt_datetimefield_value(moment) for moment in (now + timedelta(seconds=window), now)]
    sql = (  # the table name is the model's own; every value is a parameter
        f"INSERT INTO {table} (key, uses, expires) VALUES (%s, 1, %s) ON CONFLICT (key) DO UPDATE SET "
        f"uses = CASE WHEN {table}.expires <= %s THEN 1 ELSE {table}.uses + 1 END, "
        f"expires = CASE WHEN {table}.expires <= %s THEN excluded.expires ELSE {table}.expires END RETURNING uses"
    )
    # Inside a transaction a savepoint, so a failing counter never breaks the caller's; outside it the one
    # statement is its own transaction.
    guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with guard, connection.cursor() as cursor:
            cursor.execute(sql, [key, moments[0], moments[1], moments[1]])
            return cursor.fetchone()[0]
    except DatabaseError as error:
        logger.warning("abuse counters unavailable: %s", type(error).__name__)
        return None
