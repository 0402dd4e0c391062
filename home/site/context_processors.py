from home.site.navigation import current_navigation


def site_navigation(request):
    """Header and footer links; cached, and cleared whenever a page is published or moved."""
    return {"navigation": current_navigation()}
