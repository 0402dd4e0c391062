"""purge_personal_data reaches every trace, and leaves what must stay: names in the audit log, login attempts,
search texts, task results and moderators' comments on contributions that never went online go; a confirmed
member, a registration for a future event, recent statistics and a published entry stay."""

from datetime import timedelta
from io import StringIO

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry, TaskState

from entries.models import EntryPage
from home.models import SearchStatistic
from network.models import Member, Registration
from tests.factories import EntryFactory, EventFactory
from tests.helpers import contribution_form


def log_label(instance):
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        label=str(instance),
        action="wagtail.edit",
        timestamp=timezone.now(),
    )


def contribution(client, on_commit):
    with on_commit():
        client.post("/kennisbank/delen/", contribution_form(title="Nooit geplaatst"))
    entry = EntryPage.objects.get(title="Nooit geplaatst")
    TaskState.objects.filter(workflow_state__object_id=str(entry.pk)).update(comment="Beste Fatima, dit past niet.")
    return entry


def test_the_purge_reaches_every_trace_and_keeps_what_must_stay(client, site, on_commit):
    now = timezone.now()
    past = EventFactory(agenda=site.agenda, start=now - timedelta(days=120), title="Oud")
    future = EventFactory(agenda=site.agenda, title="Straks")
    gone = Registration.objects.create(event=past, name="Sanne de Vries", email="sanne@uni.nl", status="confirmed")
    stays = Registration.objects.create(event=future, name="Eva Jansen", email="eva@uni.nl", status="confirmed")
    member = Member.objects.create(name="Ali Bakker", email="ali@uni.nl", organisation="UL", confirmed_at=now)
    left = Member.objects.create(name="Piet Weg", email="piet@uni.nl", organisation="UL", confirmed_at=now)
    labels = [log_label(gone), log_label(stays), log_label(member), log_label(left)]
    left_pk = left.pk
    left.delete()
    old_attempt = AccessFailureLog.objects.create(
        username="typo", ip_address="10.0.0.9", user_agent="UA", path_info="/"
    )
    AccessFailureLog.objects.filter(pk=old_attempt.pk).update(attempt_time=now - timedelta(days=40))
    recent = AccessAttempt.objects.create(username="r", ip_address="10.0.0.8", user_agent="UA", failures_since_start=1)
    SearchStatistic.objects.create(query="oud zoekwoord", day=(now - timedelta(days=400)).date(), searches=1)
    SearchStatistic.objects.create(query="slaap", day=now.date(), searches=3)
    DBTaskResult.objects.create(
        status="SUCCESSFUL",
        args_kwargs={},
        task_path="x",
        backend_name="default",
        run_after=now,
        finished_at=now - timedelta(days=10),
    )
    entry = contribution(client, on_commit)
    EntryPage.objects.filter(pk=entry.pk).update(latest_revision_created_at=now - timedelta(days=200))
    published = EntryFactory(index=site.index, title="Gepubliceerd")

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    texts = {entry.pk: entry.label for entry in ModelLogEntry.objects.filter(pk__in=[label.pk for label in labels])}
    assert texts[labels[0].pk] == f"Aanmelding {gone.pk}" and texts[labels[3].pk] == f"Netwerklid {left_pk}"
    assert texts[labels[1].pk] == "Eva Jansen – Straks" and texts[labels[2].pk] == "Ali Bakker"  # still theirs
    assert not AccessFailureLog.objects.filter(pk=old_attempt.pk).exists()
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()
    assert list(SearchStatistic.objects.values_list("query", flat=True)) == ["slaap"]
    assert not DBTaskResult.objects.exists()
    assert not TaskState.objects.filter(workflow_state__object_id=str(entry.pk)).exclude(comment="").exists()
    # What must stay untouched.
    assert Registration.objects.get(pk=stays.pk).name == "Eva Jansen"
    assert Member.objects.filter(pk=member.pk, name="Ali Bakker").exists()
    assert EntryPage.objects.get(pk=published.pk).live
    assert "namen in het logboek" in out.getvalue() and "inlogpogingen" in out.getvalue()
