"""check_links against a local HTTP server that answers 200, 301, 404, 500, refuses HEAD, and times out: broken
links are listed for editors with what was seen; readers still see every link; an editor's "checked" holds."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from entries.models import LinkCheck
from entries.upkeep.links import check_links
from home.permissions import EDITORS, NETWORK_MANAGERS
from tests.factories import EntryFactory
from tests.helpers import assert_denied, soup

SEEN = []


class Answers(BaseHTTPRequestHandler):
    def _answer(self, body=True):
        SEEN.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            time.sleep(4)
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response({"/gone": 404, "/broken": 500}.get(self.path, 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):  # noqa: N802 - the http.server protocol
        self._answer()

    def do_GET(self):  # noqa: N802
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    SEEN.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_broken_links_are_listed_for_editors_and_readers_still_see_them(client, site, server):
    body = "".join(f'<p><a href="{server}{path}">{path}</a></p>' for path in ("/ok", "/moved", "/broken", "/no-head"))
    entry = EntryFactory(index=site.index, external_url=f"{server}/gone", body=[("paragraph", body)])
    EntryFactory(index=site.index, external_url=f"{server}/slow", slug="traag")
    EntryFactory(index=site.index, external_url=f"{server}/gone", slug="concept", live=False)  # drafts: not checked

    checked, broken = check_links(delay=0, timeout=1.5)
    assert (checked, broken) == (6, 3)
    seen = {
        check.url.removeprefix(server): (check.status_code, check.error, check.broken)
        for check in LinkCheck.objects.all()
    }
    assert seen == {
        "/gone": (404, "", True),
        "/ok": (200, "", False),
        "/moved": (200, "", False),
        "/broken": (500, "", True),
        "/no-head": (200, "", False),  # HEAD refused, GET answered
        "/slow": (None, "timeout", True),
    }
    assert all(agent.startswith("KennisbankStudentenwelzijn-linkcheck/") for _method, _path, agent in SEEN)

    editor = User.objects.create_user("rosa", "rosa@uni.nl", "pw")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    listing = soup(client.get("/admin/kennisbank/kapotte-links/"))
    rows = {row.select("td")[1].get_text(strip=True).removeprefix(server): row for row in listing.select("tbody tr")}
    assert set(rows) == {"/gone", "/broken", "/slow"}
    check = LinkCheck.objects.get(url=f"{server}/broken")
    client.post("/admin/kennisbank/kapotte-links/", {"check": check.pk})
    assert "/broken" not in client.get("/admin/kennisbank/kapotte-links/").content.decode().replace(server, "")
    call_command("check_links", "--delay", "0", "--timeout", "1.5", stdout=StringIO())
    assert LinkCheck.objects.get(url=f"{server}/broken").marked_ok  # still 500, as the editor saw it
    for odd in ("abc", "", "9" * 40, "1; DROP"):  # bad input is a no-op, never a 500
        assert client.post("/admin/kennisbank/kapotte-links/", {"check": odd}).status_code == 302

    client.logout()
    page = soup(client.get(entry.url))
    assert page.select_one(f'a[href="{server}/gone"]') and page.select_one(f'a[href="{server}/broken"]')


def test_only_editors_see_the_broken_links(client, site):
    client.force_login(User.objects.create_user("iemand", "i@uni.nl", "pw", is_staff=False))
    response = client.get("/admin/kennisbank/kapotte-links/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    network = User.objects.create_user("nadia", "n@uni.nl", "pw")
    network.groups.add(Group.objects.get(name=NETWORK_MANAGERS))
    client.force_login(network)
    assert_denied(client.get("/admin/kennisbank/kapotte-links/"))
