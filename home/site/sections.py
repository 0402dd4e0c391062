"""What the home page shows below its own text: sections that the apps register (in AppConfig.ready) as
templates, so the home page knows no app. A section's template loads its own data with its app's tags."""

_SECTIONS = []


def register_home_section(template_name, order):
    if all(name != template_name for _order, name in _SECTIONS):
        _SECTIONS.append((order, template_name))


def home_sections():
    return [template_name for _order, template_name in sorted(_SECTIONS)]
