"""Outgoing e-mail: stored first, in the transaction that caused it, then sent after commit by a task."""

import base64
import logging
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from wagtail.models import Page

from home.cache.kept import kept_copy, serving
from home.cache.pages import current_generation
from home.models import OutgoingMail
from home.text import single_line

logger = logging.getLogger("portal.mail")


MAIL_INTERVAL = timedelta(hours=1)


def mailed_recently(to, purpose):
    """Whether a mail for this purpose went to this address within the hour (the outbox is the record)."""
    since = timezone.now() - MAIL_INTERVAL
    return OutgoingMail.objects.filter(to__iexact=to, purpose=purpose, created_at__gte=since).exists()


def _freeze(context):
    """Model instances by label and key, everything else as text or number: JSON the sender can thaw."""
    frozen = {}
    for key, value in context.items():
        if isinstance(value, models.Model):
            frozen[key] = {"model": value._meta.label, "pk": value.pk}
        elif value is None or isinstance(value, bool | int | float | str):
            frozen[key] = {"value": value}
        else:
            frozen[key] = {"value": str(value)}
    return frozen


def _thaw(frozen):
    """Rows read anew; pages, which change only with a new page-cache generation, from this process's copy for
    the generation the mail is sent under (a burst of confirmations reads its event once)."""
    context = {}
    for key, item in frozen.items():
        if "model" in item:
            model = apps.get_model(item["model"])
            read = partial(model._default_manager.filter(pk=item["pk"]).first)
            context[key] = kept_copy(f"page:{item['model']}:{item['pk']}", read) if issubclass(model, Page) else read()
        else:
            context[key] = item["value"]
    return context


# Dotted paths that queued and failed mails may still name after a module moved: old -> new. Apps register
# their own moves (network/apps.py), so a mail queued before a release is sent after it.
_moved_paths = {}


def register_moved_path(old, new):
    _moved_paths[old] = new


def moved_path(path):
    return _moved_paths.get(path, path)


def queue_mail(
    to,
    subject,
    template,
    context,
    attachment=None,
    purpose="",
    once_an_hour=False,
    attachment_builder="",
    headers=None,
    body="",
):
    """Record a mail in the current transaction; it is rendered and sent after commit.

    `attachment` is (filename, text, mimetype); `attachment_builder` the dotted path of a function that makes
    one from the context when sending (a calendar file), so nothing heavy happens inside the caller's
    transaction or lock. Returns the stored mail, or None when `once_an_hour` held it back because the same
    purpose already mailed this address within the hour (the page says the same either way). `body` is a
    text rendered elsewhere (Django's password-reset form), sent as it is."""
    if once_an_hour and mailed_recently(to, purpose):
        logger.info("mail held back: %s already mailed within the hour", purpose)
        return None
    name, content, mimetype = attachment or ("", "", "")
    mail = OutgoingMail.objects.create(
        to=to,
        purpose=purpose[:60],
        subject=single_line(subject)[:250],
        body=body,
        template=template,
        context=_freeze(context),
        attachment_builder=attachment_builder,
        attachment_name=name,
        attachment=content,
        attachment_type=mimetype,
        headers={single_line(key): single_line(value) for key, value in (headers or {}).items()},
    )
    transaction.on_commit(lambda: send_outgoing_mail.enqueue(mail.pk))
    return mail


RENDERED_FIELDS = ["body", "attachment_name", "attachment", "attachment_type", "attachments"]


def render(mail, save=True):
    """Fill in the body (and the built attachment) of a recorded mail, once. `save=False`: the caller saves
    RENDERED_FIELDS with its own update (deliver: one UPDATE per mail). Nothing is filled in unless all of it
    was made, so a mail whose attachment failed is rendered again on the next attempt."""
    if mail.body or not mail.template:
        return
    context = _thaw(mail.context)
    body = render_to_string(mail.template, {"site_name": settings.WAGTAIL_SITE_NAME, **context})
    if mail.attachment_builder:
        builder = import_string(moved_path(mail.attachment_builder))
        built = builder(context)
        # A builder makes one text attachment (name, text, mimetype) or a list of them, text or bytes.
        if isinstance(built, tuple):
            mail.attachment_name, mail.attachment, mail.attachment_type = built
        else:
            mail.attachments = [_stored(name, content, mimetype) for name, content, mimetype in built if name]
    mail.body = body
    if save:
        mail.save(update_fields=RENDERED_FIELDS)


def _stored(name, content, mimetype):
    data = content.encode() if isinstance(content, str) else bytes(content)
    return {"name": name, "type": mimetype, "base64": base64.b64encode(data).decode("ascii")}


@task()
def send_outgoing_mail(mail_id):
    with serving(current_generation()):  # what is kept per generation serves every mail of it (home/cache/kept.py)
        mail = OutgoingMail.objects.filter(pk=mail_id).exclude(status=OutgoingMail.Status.SENT).first()
        if mail is not None:
            deliver(mail)


def _message(mail):
    headers = {single_line(key): single_line(value) for key, value in (mail.headers or {}).items()}
    message = EmailMessage(single_line(mail.subject), mail.body, to=[mail.to], headers=headers or None)
    if mail.attachment_name:
        message.attach(single_line(mail.attachment_name), mail.attachment, mail.attachment_type or "text/plain")
    for item in mail.attachments or []:
        content = base64.b64decode(item["base64"])
        mimetype = item.get("type") or "application/octet-stream"
        if mimetype.startswith("text/"):
            content = content.decode()
        message.attach(single_line(item["name"]), content, mimetype)
    return message


def deliver(mail):
    """Render and send one mail; whatever goes wrong, this mail is marked failed and counted, and the caller
    goes on with the next: one bad mail never blocks the queue."""
    mail.attempts += 1
    try:
        render(mail, save=False)  # saved below with the outcome, also when sending fails
        _message(mail).send()
    except Exception as error:  # any failure is this mail's, never the queue's
        # The mail stays in the outbox: `send_pending_mail` retries it and managers see it in the admin.
        mail.status = OutgoingMail.Status.FAILED
        mail.last_error = type(error).__name__
        logger.warning("mail %s failed (attempt %s): %s", mail.pk, mail.attempts, type(error).__name__)
    else:
        mail.status = OutgoingMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.last_error = ""
    mail.save(update_fields=["status", "attempts", "last_error", "sent_at", *RENDERED_FIELDS])
    return mail.status == OutgoingMail.Status.SENT
