"""Secret tokens for links that stand in for a login (cancel a registration, confirm a membership, follow a
contribution): 24 random bytes, URL-safe."""

import secrets


def new_token():
    return secrets.token_urlsafe(24)
