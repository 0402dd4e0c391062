from django.core.cache import cache

from home.site.navigation import build_navigation

NAVIGATION_CACHE_KEY = "site-navigation"


def site_navigation(request):
    """Header and footer links; cached, and cleared whenever a page is published or moved."""
    navigation = cache.get(NAVIGATION_CACHE_KEY)
    if navigation is None:
        navigation = build_navigation()
        cache.set(NAVIGATION_CACHE_KEY, navigation, 3600)
    return {"navigation": navigation}
