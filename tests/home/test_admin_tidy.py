"""The admin speaks Dutch and stays tidy: no third-party avatar requests, a Dutch guide instead of Wagtail's
English links, no "add" on the outbox, and a coverage heat map whose every number leads to that selection."""

from django.contrib.auth.models import Group, User

from entries.models import EntryPage
from home.models import OutgoingMail
from home.permissions import MODERATORS, NETWORK_MANAGERS
from tests.factories import EntryFactory
from tests.helpers import assert_denied, result_count, soup


def login(client, group):
    user = User.objects.create_user(group.lower(), f"{group.lower()}@uni.nl", "pw")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def test_no_gravatar_and_a_dutch_guide(client, site):
    login(client, MODERATORS)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "Editor Guide" not in html and "What's new in Wagtail" not in html
    # The sidebar is drawn by Wagtail's script from JSON in the page: the guide is its help menu's item.
    assert "Handleiding voor de redactie" in html and '"/admin/handleiding/"' in html
    assert "Redactionele toets" in soup(client.get("/admin/handleiding/")).select_one("main").get_text()


def test_the_outbox_is_a_record_without_add_or_edit(client, site):
    login(client, NETWORK_MANAGERS)
    mail = OutgoingMail.objects.create(to="a@uni.nl", subject="Test", body="Hallo")
    index = client.get("/admin/home/outgoingmail/")
    assert index.status_code == 200
    assert "/admin/home/outgoingmail/create/" not in index.content.decode()
    assert_denied(client.get("/admin/home/outgoingmail/create/"))
    assert_denied(client.get(f"/admin/home/outgoingmail/edit/{mail.pk}/"))
    # The body holds working links: superusers only (tests/test_who_may_do_what.py).
    assert_denied(client.get(f"/admin/home/outgoingmail/inspect/{mail.pk}/"))


def test_every_number_of_the_coverage_map_is_the_listing_it_links_to(client, site):
    EntryFactory(index=site.index, thema=["preventie"], onderwerp=["slaap", "eenzaamheid"])
    EntryFactory(index=site.index, thema=["preventie", "transities"], onderwerp=["slaap"])
    EntryFactory(index=site.index, thema=["transities"], onderwerp=["slaap"], live=False)
    login(client, MODERATORS)
    cells = soup(client.get("/admin/")).select(".coverage__cell a")
    assert len(cells) == 8 * 11
    assert EntryPage.objects.live().count() == 2
    for cell in cells:
        n = int(cell.get_text())
        assert result_count(client.get(cell["href"])) == n, cell["href"]
        assert ("coverage__cell--0" in cell.parent["class"]) == (n == 0)
