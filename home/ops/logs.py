"""Logs without the secrets that links carry: a token in a path (cancel, confirm, manage, leave) works like a
password for that one thing, so access logs and Django's request log show it masked. Imported by gunicorn's
configuration too, so this module needs nothing from Django."""

import logging
import re

from gunicorn.glogging import Logger

# Our tokens are 32 random URL-safe characters (home/tokens.py), so practically always with a capital; slugs
# never have one.
TOKEN_IN_PATH = re.compile(r"(?<=/)(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{20,}(?=/|$|\?|\s)")
MASK = "[token]"


def mask_tokens(text):
    return TOKEN_IN_PATH.sub(MASK, text) if isinstance(text, str) else text


class MaskTokensFilter(logging.Filter):
    """For `django.request` ("Not Found: /netwerk/agenda/x/afmelden/<token>/"): the message with tokens masked."""

    def filter(self, record):
        record.msg = mask_tokens(record.getMessage())
        record.args = ()
        return True


class GunicornLogger(Logger):
    """gunicorn's access log with tokens masked wherever a log format could show them."""

    def atoms(self, resp, req, environ, request_time):
        # Every text atom (request line, path, referrer, headers and environ variables a format may name).
        return {key: mask_tokens(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
