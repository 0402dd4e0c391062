"""The site's own demo content (home page, standard pages, demo users) and the helpers every app's demo
loader uses. The prose is data (pages.json), not code. `manage.py load_demo` (portal) runs this first,
then the `demo` package of every other app, in the order of INSTALLED_APPS."""

import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from home.models import HomePage, StandardPage
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS

DATA = Path(__file__).with_name("pages.json")
DEMO_USERS = [
    ("admin", "Beheerder", None, True),
    ("redacteur", "Rosa Redacteur", EDITORS, False),
    ("eindredacteur", "Eva Eindredacteur", MODERATORS, False),
    ("netwerkbeheerder", "Nadia Netwerkbeheer", NETWORK_MANAGERS, False),
]


def paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def publish(page):
    page.save_revision().publish()
    return page


def add_once(parent, model, *, slug, title, **fields):
    """The child page with this slug, created and published the first time."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    if isinstance(fields.get("body"), list) and fields["body"] and isinstance(fields["body"][0], str):
        fields["body"] = paragraphs(fields["body"])
    return publish(parent.add_child(instance=model(title=title, slug=slug, **fields)))


def load():
    """The home page (replacing Wagtail's welcome page) and the standard pages below it; returns the home page."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    home = HomePage.objects.first() or _new_home(**data["home"])
    for page in data["pages"]:
        add_once(home, StandardPage, **page)
    return home


def _new_home(title, intro):
    root = Page.get_first_root_node()
    for page in root.get_children().filter(slug="home"):
        if not isinstance(page.specific, HomePage):
            Site.objects.filter(root_page=page).update(root_page=root)
            page.delete()
    home = publish(root.add_child(instance=HomePage(title=title, slug="home", intro=intro)))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = title
        site.save()
    else:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=title)
    return home


def load_users():
    """The demo logins, one per group; returns [(username, group or 'superuser')] and the password."""
    User = get_user_model()
    password = os.environ.get("DEMO_PASSWORD", "demo-wachtwoord")
    for username, full_name, group_name, superuser in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
    return [(username, group or "superuser") for username, _name, group, _su in DEMO_USERS], password
