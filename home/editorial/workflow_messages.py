"""Outcome messages for moderation: after approving or sending a page back, the moderator reads what happened
("Teruggestuurd naar Rosa met je opmerking", "Gepubliceerd", "Ingepland voor 9 december 10:00") instead of
Wagtail's "Pagina … is gewijzigd.". Both doors to a workflow action say the same: the edit view's footer (through
the after_edit_page hook) and the action view behind the dashboard's and the status panel's buttons."""

from django.contrib import messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import Page, WorkflowState


def _person(user):
    if user is None:
        return _("de indiener")
    return user.first_name or user.get_full_name() or user.get_username()


def _when(moment):
    return date_format(timezone.localtime(moment), "j F Y H:i")


def outcome(page):
    """What the last workflow action did to this page, in a sentence for the moderator who took it."""
    page = Page.objects.get(pk=page.pk).specific
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    title = page.get_admin_display_title()
    if state is None:
        return None
    if state.status == state.STATUS_NEEDS_CHANGES:
        sent_back = state.task_states.filter(status="rejected").order_by("-finished_at").first()
        if sent_back is not None and sent_back.get_comment():
            text = _("Teruggestuurd naar %(person)s met je opmerking: ‘%(title)s’.")
        else:
            text = _("Teruggestuurd naar %(person)s: ‘%(title)s’.")
        return text % {"person": _person(state.requested_by), "title": title}
    if state.status == state.STATUS_IN_PROGRESS:
        return _("Goedgekeurd; ‘%(title)s’ gaat door naar ‘%(task)s’.") % {
            "title": title,
            "task": state.current_task_state.task.name,
        }
    if state.status == state.STATUS_APPROVED:
        revision = page.get_latest_revision()
        go_live = revision.approved_go_live_at if revision is not None else None
        if go_live is not None and go_live > timezone.now():
            return _("Ingepland voor %(when)s: ‘%(title)s’ gaat dan online.") % {"when": _when(go_live), "title": title}
        if page.live:
            return _("Gepubliceerd: ‘%(title)s’ staat online.") % {"title": title}
    return None


def replace_saved_message(request, page):
    """Swap the edit view's "Pagina … is gewijzigd." for the outcome; other waiting messages stay."""
    text = outcome(page)
    if text is None:
        return
    saved = _("Page '%(page_title)s' has been updated.") % {"page_title": page.get_admin_display_title()}
    waiting = list(messages.get_messages(request))  # reading marks them used; put back all but the saved one
    for message in waiting:
        if saved not in message.message and escape(saved) not in message.message:
            messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    messages.success(request, text)


class WorkflowActionWithOutcome(WorkflowActionView):
    """Wagtail's workflow action view (the modal behind "Goedkeuren" and "Wijzigingen vragen" outside the editor),
    followed by the same outcome message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != self.task_state.STATUS_IN_PROGRESS:
            text = outcome(self.object)
            if text:
                messages.success(request, text)
        return response
