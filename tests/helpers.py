from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def result_count(response):
    return int(soup(response).select_one("[data-result-count]")["data-result-count"])


def result_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".card-list .card__title a")]


def facet_counts(response, facet):
    """{slug: count} of one facet's options."""
    counts = {}
    for item in soup(response).select(f'[data-facet="{facet}"] li'):
        checkbox = item.select_one("input")
        counts[checkbox["value"]] = int(item.select_one("[data-count]")["data-count"])
    return counts
