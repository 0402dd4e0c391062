"""Secret tokens for links that stand in for a login (cancel a registration, confirm a membership, follow a
contribution): 24 random bytes, URL-safe."""

import os
import re
import secrets


def new_token():
    return secrets.token_urlsafe(24)


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def looks_like_token(value):
    """Whether a value from an address can be one of our tokens (anything else is never looked up: no NUL bytes
    or odd lengths reach the database)."""
    return bool(TOKEN_PATTERN.fullmatch(value or ""))


def as_id(value):
    """A database id from an address or a form ("12"), or None: ASCII digits only (int('²') fails although
    '²'.isdigit() is true), and short enough for a bigint."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def random_string(length, alphabet):
    """`length` characters drawn uniformly from `alphabet` (at most 256 characters), from the system's random source
    in one call: what Django's get_random_string gives, which asks the system once per character (64 calls for a
    CSRF cookie and its masked token on every cached form page)."""
    usable = 256 - 256 % len(alphabet)  # bytes at or past this would favour the first characters: skipped
    found = []
    while len(found) < length:
        found += [alphabet[byte % len(alphabet)] for byte in os.urandom(2 * length) if byte < usable]
    return "".join(found[:length])
