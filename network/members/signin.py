"""Signing in to "Mijn netwerk" by an e-mail link, and the session it opens.

A link is valid LINK_MINUTES and once; its GET shows a button and only the POST signs in (mail scanners follow
links). The session is a row of its own whose key the browser keeps in a signed cookie scoped to the personal
pages: never Django's session, which belongs to the admin. Only hashes of the link's and the session's secrets are
stored."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.abuse.limits import count_use
from home.abuse.security import fingerprint
from home.mail import queue_mail
from home.personal import is_known
from home.tokens import looks_like_token, new_token
from network.models.personal import PersonalSession, SignInLink, secret_hash

logger = logging.getLogger("portal.security")

COOKIE = "mijn_netwerk"
SALT = "network.members.mine"
QUARTER = 15 * 60


def normalise(email):
    return (email or "").strip().lower()


def mine_url(network, route="mine", **kwargs):
    return network.get_full_url() + network.reverse_subpage(route, kwargs=kwargs or None).lstrip("/")


def mine_path(network):
    return network.url + network.reverse_subpage("mine").lstrip("/")


def _new_link(email, purpose, new_email=""):
    token = new_token()
    SignInLink.objects.create(
        token_hash=secret_hash(token),
        email=email,
        new_email=new_email,
        purpose=purpose,
        expires_at=timezone.now() + timedelta(minutes=settings.MY_NETWORK_LINK_MINUTES),
    )
    return token


LINK_MAILS = {
    SignInLink.Purpose.SIGN_IN: (_("Je inloglink voor Mijn netwerk"), "network/mail/sign_in.txt"),
    SignInLink.Purpose.NEW_ADDRESS: (
        _("Bevestig je nieuwe e-mailadres voor Mijn netwerk"),
        "network/mail/new_address.txt",
    ),
}


def _mail_link(to, email, purpose, network, route, new_email=""):
    """Record a link for `email` and mail it to `to` (the same address, or the new one for a change)."""
    token = _new_link(email, purpose, new_email=new_email)
    subject, template = LINK_MAILS[purpose]
    context = {"link": mine_url(network, route, token=token), "minutes": settings.MY_NETWORK_LINK_MINUTES}
    queue_mail(to, str(subject), template, context, purpose="sign-in")
    return True


def _within_mail_limit(email):
    """Sign-in mails have their own limit per address (a few per quarter of an hour): an expired link can be
    replaced, a stranger cannot flood someone's inbox. When the counters cannot be read, the mail goes."""
    uses = count_use(f"sign-in-mail:{fingerprint(email)}", window=QUARTER)
    return uses is None or uses <= settings.SIGN_IN_MAILS_PER_QUARTER


def send_sign_in_link(network, email):
    """Mail a sign-in link to a known address; an unknown one gets nothing. The caller answers the same in every
    case, so the page never says whether the portal knows an address."""
    email = normalise(email)
    if not is_known(email):
        logger.info("sign-in asked for an address the portal does not know: no mail")
        return False
    if not _within_mail_limit(email):
        logger.warning("sign-in mail held back: limit per address")
        return False
    return _mail_link(email, email, SignInLink.Purpose.SIGN_IN, network, "mine_sign_in")


def send_new_address_link(network, email, new_email):
    """A change of address is confirmed at the new address; the records move only when that link is used."""
    new_email = normalise(new_email)
    if not _within_mail_limit(new_email):
        logger.warning("new-address mail held back: limit per address")
        return False
    return _mail_link(new_email, email, SignInLink.Purpose.NEW_ADDRESS, network, "mine_new_address", new_email)


def find_link(token, purpose):
    """The link behind a token from an address, whatever its state, or None."""
    if not looks_like_token(token):
        return None
    return SignInLink.objects.filter(token_hash=secret_hash(token), purpose=purpose).first()


def use_link(link):
    """Mark the link used; True for exactly one caller, even when two use it at once."""
    now = timezone.now()
    used = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    return used == 1


# -- the session ---------------------------------------------------------------------------------------------


def start_session(response, network, email):
    key = new_token()
    hours = settings.MY_NETWORK_SESSION_HOURS
    PersonalSession.objects.create(
        key_hash=secret_hash(key), email=normalise(email), expires_at=timezone.now() + timedelta(hours=hours)
    )
    response.set_signed_cookie(
        COOKIE,
        key,
        salt=SALT,
        max_age=hours * 3600,
        path=mine_path(network),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def current_session(request):
    """The signed-in session of this browser, or None (no cookie, a forged or old one, ended or expired)."""
    key = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=settings.MY_NETWORK_SESSION_HOURS * 3600)
    if not key or not looks_like_token(key):
        return None
    return PersonalSession.objects.filter(key_hash=secret_hash(key), expires_at__gt=timezone.now()).first()


def end_session(request, response, network):
    session = current_session(request)
    if session is not None:
        session.delete()
    response.delete_cookie(COOKIE, path=mine_path(network), samesite="Lax")


# -- the sign-in records as personal data --------------------------------------------------------------------


def records(email):
    links = SignInLink.objects.filter(email__iexact=email).order_by("created_at")
    return [
        {
            "soort": link.get_purpose_display(),
            "aangevraagd": link.created_at.isoformat(),
            "gebruikt": link.used_at.isoformat() if link.used_at else None,
        }
        for link in links
    ]


def erase(email):
    links, _detail = SignInLink.objects.filter(email__iexact=email).delete()
    sessions, _detail = PersonalSession.objects.filter(email__iexact=email).delete()
    return links + sessions


def move(old, new):
    # Unused links of the old address go; used ones stay until the retention job, so they still say "used".
    SignInLink.objects.filter(email__iexact=old, used_at__isnull=True).delete()
    return PersonalSession.objects.filter(email__iexact=old).update(email=normalise(new))


def purge(now, days):
    """Used and expired links after a day, ended sessions at once (the retention job)."""
    links, _detail = SignInLink.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
    sessions, _detail = PersonalSession.objects.filter(expires_at__lt=now).delete()
    return [(links, "verlopen inloglinks gewist"), (sessions, "verlopen sessies van Mijn netwerk gewist")]
