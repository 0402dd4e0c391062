from django.core.cache import cache

NAVIGATION_CACHE_KEY = "site-navigation"


def site_navigation(request):
    """Header and footer links; cached, and cleared whenever a page is published or moved."""
    navigation = cache.get(NAVIGATION_CACHE_KEY)
    if navigation is None:
        navigation = build_navigation()
        cache.set(NAVIGATION_CACHE_KEY, navigation, 3600)
    return {"navigation": navigation}


def build_navigation():
    from entries.models import EntryIndexPage
    from network.models import EventIndexPage, NetworkPage

    from .models import StandardPage

    def first_url(model):
        page = model.objects.live().public().only("url_path", "title").first()
        return page.url if page else None

    return {
        "knowledge_bank": first_url(EntryIndexPage),
        "network": first_url(NetworkPage),
        "agenda": first_url(EventIndexPage),
        "footer": [
            {"title": page.title, "url": page.url}
            for page in StandardPage.objects.live().public().filter(depth=3).order_by("path")
        ],
    }
