"""Site navigation without knowing the apps: each app names its section pages here (in its
AppConfig.ready), by model label, and the header menu is Wagtail's own: the live pages with "Toon in
menu's" (`show_in_menus`) on the first two levels below the home page, so editors decide what it shows."""

from django.apps import apps
from django.core.cache import cache

from home.cache.kept import kept_per_generation

NAVIGATION_CACHE_KEY = "site-navigation"
# The privacy statement is the standard page with this slug; consent checkboxes link to it.
PRIVACY_SLUG = "privacyverklaring"
# key -> (page model label, route name of a RoutablePage or None)
_SECTIONS = {}
# keys of sections that the header menu shows after the pages, with their labels
_MENU_LINKS = {}
# keys of sections that robots.txt asks crawlers to leave alone
_NOT_FOR_CRAWLERS = set()


def register_section(key, model_label, route=None, menu_label=None, crawl=True):
    """`navigation.<key>` in templates: the URL of the first live page of that type (or of its route).
    With `menu_label`, the header menu shows it after the menu pages (a call to action such as a form);
    with `crawl=False`, robots.txt disallows it."""
    _SECTIONS[key] = (model_label, route)
    if menu_label:
        _MENU_LINKS[key] = menu_label
    if not crawl:
        _NOT_FOR_CRAWLERS.add(key)


def not_for_crawlers():
    """The site paths of the sections registered with crawl=False."""
    urls = (section_url(key) for key in sorted(_NOT_FOR_CRAWLERS))
    return [url for url in urls if url]


def section_url(key):
    """The site path of a registered section, or None: from the kept navigation (every mail to a participant
    ends with one, so the outbox worker asks it for each mail)."""
    return current_navigation().get(key) if key in _SECTIONS else None


def current_navigation():
    """Header and footer links and the sections' paths; kept in the shared cache, and cleared whenever a page is
    published, moved or deleted, or the Site or a site setting changes (home/signals.py); during a request, this
    process's copy for the request's generation (home/cache/kept.py). Read only: requests share it."""
    return kept_per_generation(NAVIGATION_CACHE_KEY, _shared_navigation)


def _shared_navigation():
    navigation = cache.get(NAVIGATION_CACHE_KEY)
    if navigation is None:
        navigation = build_navigation()
        cache.set(NAVIGATION_CACHE_KEY, navigation, 3600)
    return navigation


def _section_url(model_label, route):
    page = apps.get_model(model_label).objects.live().public().order_by("path").first()
    url = page.url if page is not None else None
    if url is None:  # no such page, or none that a Site serves
        return None
    return url + page.reverse_subpage(route).lstrip("/") if route else url


def _contact_email(site_model, settings_model):
    site = site_model.objects.filter(is_default_site=True).first()
    found = settings_model.objects.filter(site=site).first() if site else None
    return found.contact_email if found else settings_model._meta.get_field("contact_email").get_default()


def build_navigation():
    from wagtail.models import Site

    from home.models import HomePage, SiteSettings, StandardPage

    home = HomePage.objects.live().first()
    menu = []
    if home is not None:
        pages = home.get_descendants().live().public().in_menu().filter(depth__lte=home.depth + 2)
        menu = [{"title": page.title, "url": page.url} for page in pages.order_by("path")]
    urls = {key: _section_url(*target) for key, target in _SECTIONS.items()}
    menu += [{"title": str(label), "url": urls[key]} for key, label in _MENU_LINKS.items() if urls[key]]
    privacy = StandardPage.objects.live().public().filter(slug=PRIVACY_SLUG).order_by("path").first()
    return {
        **urls,
        "privacy": privacy.url if privacy is not None else None,
        "contact_email": _contact_email(Site, SiteSettings),
        "menu": menu,
        "footer": [
            {"title": page.title, "url": page.url}
            for page in StandardPage.objects.live().public().filter(depth=3).order_by("path")
        ],
    }
