"""Secret tokens for links that stand in for a login (cancel a registration, confirm a membership, follow a
contribution): 24 random bytes, URL-safe."""

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
