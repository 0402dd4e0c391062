"""Where the time of one uncached request goes, per phase: `python bench/phases.py URL [URL...]` with the
benchmark's environment (it seeds nothing: point DATABASE_URL at a database `make bench` seeded).

Each URL is requested through Django's test client (the whole middleware stack, page cache off) `--repeat`
times after a warm-up; the median request is split into SQL (wall time inside the database driver, per
statement kind), template rendering (wall time in Template.render, minus the SQL it ran) and the rest
(routing, middleware, Python in views). `--cprofile` prints the top functions by cumulative time as well.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ["PAGE_CACHE_ENABLED"] = "false"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402


class Clock:
    """Wall time spent in SQL (by first word of the statement) and in the outermost template render."""

    def __init__(self):
        self.sql = {}
        self.statements = 0
        self.render = 0.0
        self.sql_in_render = 0.0
        self._rendering = 0

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - began
            kind = self.kind(sql)
            self.sql[kind] = self.sql.get(kind, 0.0) + spent
            self.statements += 1
            if self._rendering:
                self.sql_in_render += spent

    @staticmethod
    def kind(sql):
        words = sql.lstrip().split(None, 1)
        word = words[0].upper() if words else "?"
        if word == "WITH" or "entries_entrysearchrow" in sql:
            return "engine"
        return word


def patch_render(clock):
    original = template_base.Template.render

    def render(self, context):
        if clock[0] is None:
            return original(self, context)
        outermost = not clock[0]._rendering
        clock[0]._rendering += 1
        began = time.perf_counter()
        try:
            return original(self, context)
        finally:
            clock[0]._rendering -= 1
            if outermost:
                clock[0].render += time.perf_counter() - began

    template_base.Template.render = render


def measure(client, url, current):
    clock = Clock()
    current[0] = clock
    with connection.execute_wrapper(clock):
        began = time.perf_counter()
        response = client.get(url)
        wall = time.perf_counter() - began
    current[0] = None
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    sql = sum(clock.sql.values())
    return {
        "total": wall * 1000,
        "sql": sql * 1000,
        "statements": clock.statements,
        "engine": clock.sql.get("engine", 0) * 1000,
        "templates": (clock.render - clock.sql_in_render) * 1000,
        "rest": (wall - sql - clock.render + clock.sql_in_render) * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    current = [None]
    patch_render(current)
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'URL':<60} {'total':>7} {'SQL':>7} {'engine':>7} {'tmpl':>7} {'rest':>7} {'stmts':>5}  (ms, median)")
    for url in args.urls:
        for _ in range(3):
            measure(client, url, current)
        runs = [measure(client, url, current) for _ in range(args.repeat)]
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(
            f"{url[:60]:<60} {median['total']:>7.1f} {median['sql']:>7.1f} {median['engine']:>7.1f} "
            f"{median['templates']:>7.1f} {median['rest']:>7.1f} {median['statements']:>5.0f}"
        )
        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(10):
                client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            if os.environ.get("PHASES_CALLEES"):
                pstats.Stats(profile).sort_stats("cumulative").print_callees(os.environ["PHASES_CALLEES"])


if __name__ == "__main__":
    main()
