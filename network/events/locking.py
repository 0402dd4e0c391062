"""The one lock of the network: a row lock on the event, that waits at most LOCK_TIMEOUT.

On PostgreSQL a registration for an event waits for the lock held by another registration, cancellation
or admin change of the same event, but never longer than LOCK_TIMEOUT (pretix uses 3 s for its quota
locks): then the database raises, and the person sees "Het is nu erg druk" with their input kept. On
SQLite, write transactions take the database lock at BEGIN (settings), which serialises them just as well.
"""

from django.apps import apps
from django.db import connection

LOCK_TIMEOUT = "3s"


def lock_event(event):
    """Call inside transaction.atomic(): holds the event's lock until the transaction ends. Raises
    EventPage.DoesNotExist when the event is gone."""
    event_page = apps.get_model("network", "EventPage")  # always the base table: one lock per event
    if connection.vendor != "postgresql":
        event_page.objects.select_for_update(of=("self",)).only("pk").get(pk=event.pk)
        return
    # The time limit and the lock in one round trip (a query string of two statements, inside the transaction).
    table, column = event_page._meta.db_table, event_page._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'; SELECT {column} FROM {table} WHERE {column} = %s FOR UPDATE",  # noqa: S608 - names from the model
            [event.pk],
        )
        cursor.nextset()
        if cursor.fetchone() is None:
            raise event_page.DoesNotExist(f"event {event.pk} does not exist")
