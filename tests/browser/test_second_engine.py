"""A second accessibility engine beside axe: HTML_CodeSniffer (npm `html_codesniffer`, installed by `make
test`) run inside the page on every page type at phone and laptop width, WCAG 2 AA, no errors allowed."""

from pathlib import Path

import pytest

from tests.browser.test_site_in_browser import AXE_PAGES, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HTMLCS = Path(__file__).resolve().parents[2] / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"

RUN = """
() => new Promise((resolve) => {
    HTMLCS.process("WCAG2AA", document, () => {
        resolve(HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR).map((m) => ({
            code: m.code, message: m.msg,
            element: m.element.outerHTML.slice(0, 200),
        })));
    });
})
"""


def sniff(page):
    # Evaluated through the DevTools protocol in a context that bypasses the CSP (the site allows no inline or
    # injected scripts, rightly): the engine sees the page exactly as served.
    page.evaluate("(source) => { window.eval(source); }", HTMLCS.read_text())
    return page.evaluate(RUN)


def test_html_codesniffer_finds_no_wcag_aa_errors(live_server, world, chromium):  # noqa: F811
    assert HTMLCS.exists(), "make test installs html_codesniffer (npm ci)"
    failures = {}
    with chromium.new_context(bypass_csp=True) as context:  # the engine is alive: it catches a known fault
        probe = context.new_page()
        probe.set_content('<html lang="nl"><title>t</title><p style="color:#777;background:#888">grijs</p></html>')
        assert any("G18" in error["code"] for error in sniff(probe)), "HTML_CodeSniffer did not run"
    for width in (375, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="nl-NL", bypass_csp=True)
        page = context.new_page()
        try:
            for name, path in AXE_PAGES:
                page.goto(f"{live_server.url}{path}")
                errors = sniff(page)
                if errors:
                    failures[f"{name}-{width}"] = errors
        finally:
            context.close()
    assert not failures, "\n".join(f"{name}: {errors}" for name, errors in failures.items())


def record_problems(page, axe, name, problems):
    """The page as it is now, by both engines and for sideways scrolling; what they find goes into `problems`."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems[f"{name}-overflow"] = overflow
    results = axe.run(page)
    if results.violations_count:
        problems[f"{name}-axe"] = results.generate_report()
    errors = sniff(page)
    if errors:
        problems[f"{name}-htmlcs"] = errors
