"""The knowledge bank's search-and-facet engine.

One package owns the rule "these parameters select these entries": `text` turns words into search
tokens, `index` keeps one denormalised row per live entry current, `engine` answers a selection
(facets, free text, sort, page) with ids, a total and every option's count. The listing, the feed,
the CSV export, the read API, the gap map and the alerts all call `engine`; none filters on its own.
"""
