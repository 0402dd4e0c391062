"""`make bench`: seed PostgreSQL, serve with gunicorn (production settings), load each URL with wrk.

Prints one table (throughput, latency percentiles, errors, ratio to a static file in the same run), the SQL
queries per page at each size, the uncached listing and search, and a registration burst; writes JSON to
bench-results/. Figures are ratios within one run, because the machine is shared and noisy.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime

import requests
from burst import registration_burst
from common import PYTHON, ROOT, probe

RESULTS = ROOT / "bench-results"
LUA = ROOT / "bench" / "latency.lua"


def sh(*args, env, quiet=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL if quiet else None
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env, workers):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{self.port}",
            "-w",
            str(workers),
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if requests.get(f"{self.url}/healthz/", timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def wrk(url, seconds, connections):
    out = subprocess.run(
        [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out.split("WRKJSON ", 1)[1].splitlines()[0])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    data["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    return data


# In the listing's canonical order (the vocabulary's): any other order answers with a redirect, which wrk would
# count as a cheap success. `warm_up` refuses every URL that does not answer 200 itself.
FACETS = "thema=preventie&onderwerp=stress-prestatiedruk&onderwerp=slaap&sector=hbo"


def query_mix_urls(env):
    """The uncached query mix: a rare, typical and common word and one in every entry, each with three facets."""
    mix = probe(env, "words")
    urls = [("static file", "/static/css/site.css")]
    for kind, word in mix.items():
        urls.append((f"listing 3f + q {kind}", f"/kennisbank/?{FACETS}&q={word}"))
    for kind, word in mix.items():
        urls.append((f"api 3f + q {kind}", f"/api/v2/kennisbank/?{FACETS}&q={word}"))
    for kind, word in mix.items():
        urls.append((f"search {kind}", f"/zoeken/?q={word}"))
    return urls, mix


def warm_up(server, urls):
    """One request per URL, one at a time (so nothing queues): loads code and caches, and checks that each URL
    is a page (200), not a redirect or an error that would make the figures meaningless."""
    for name, url in urls:
        status = requests.get(server.url + url, timeout=120, allow_redirects=False).status_code
        if status != 200:
            raise SystemExit(f"{name} ({url}) answers {status}, not 200: the benchmark measures pages only")


def urls_for(env):
    found = probe(env, "urls")
    facets = f"{FACETS}&q=studenten"
    return [
        ("static file", "/static/css/site.css"),
        ("healthz", "/healthz/"),
        ("home", "/"),
        ("listing", "/kennisbank/"),
        ("listing 3 facets + q", f"/kennisbank/?{facets}"),
        ("listing page 50", "/kennisbank/?pagina=50"),
        ("entry", found["entry"]),
        ("agenda", "/netwerk/agenda/"),
        ("event", found["event"]),
        ("search", "/zoeken/?q=studenten"),
        ("feed", "/kennisbank/feed/"),
        ("api entries", "/api/v2/pages/?type=entries.EntryPage"),
    ]


def query_counts(env, urls):
    return probe({**env, "PAGE_CACHE_ENABLED": "false"}, "queries", *[url for _name, url in urls])


def table(rows, static_rps):
    lines = [f"{'URL':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>6}"]
    for name, data in rows:
        ratio = data["rps"] / static_rps if static_rps else 0
        lines.append(
            f"{name:<24} {data['rps']:>8.0f} {data['p50']:>8.2f} {data['p95']:>8.2f} {data['p99']:>8.2f} "
            f"{data['errors']:>7} {ratio:>6.2f}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000, help="largest knowledge-bank size (100000 opt-in)")
    parser.add_argument("--load-size", type=int, default=10_000, help="size at which the cached load test runs")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=8, help="load time per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    database = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kennisbank_bench")
    name = database.rsplit("/", 1)[1]
    admin = database.rsplit("/", 1)[0] + "/postgres"
    psql = shutil.which("psql")
    subprocess.run([psql, admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([psql, admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "AXES_FAILURE_LIMIT": "1000",
        "REGISTRATION_RATE_LIMIT": "100000",
        "JOIN_RATE_LIMIT": "100000",
    }
    print(f"Seeding PostgreSQL ({name}) ...", flush=True)
    sh("migrate", "--no-input", env=env)
    sh("collectstatic", "--no-input", env=env)
    sh("load_demo", env=env)
    have = 26
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} "
        f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
        "entries": args.entries,
        "queries": {},
        "uncached": {},
    }
    urls = None
    sizes = sorted({size for size in (1_000, 10_000, args.entries) if size <= args.entries})
    load_size = min(args.load_size, args.entries)
    for size in sizes:
        began = time.monotonic()
        sh("generate_entries", "--count", str(size - have), env=env)
        have = size
        report.setdefault("seed_seconds", {})[size] = round(time.monotonic() - began, 1)
        urls = urls or urls_for(env)
        mix_urls, report["words"] = query_mix_urls(env)
        report["queries"][size] = query_counts(env, urls + mix_urls[1:])
        # A listing URL as if new: no page cache, no counts kept from the previous request of the same URL (the
        # cards stay cached, as entries are shared by many URLs).
        uncached = Server({**env, "PAGE_CACHE_ENABLED": "false", "LISTING_COUNTS_CACHE": "false"}, args.workers)
        try:
            warm_up(uncached, mix_urls)
            report["uncached"][size] = {name: wrk(uncached.url + url, args.seconds, 2) for name, url in mix_urls}
        finally:
            uncached.stop()
        report.setdefault("alerts", {})[size] = probe(env, "alerts", "1000")
        print(f"  {size} entries: queries, uncached timings and alert digests done", flush=True)
        if size == load_size:
            report["load"] = load_test(env, args, urls)
    report["burst"] = report["load"].pop("burst")
    print_report(report, urls, args)


def load_test(env, args, urls):
    sh("generate_events", "--count", str(args.events), env=env)
    server = Server(env, args.workers)
    try:
        warm_up(server, urls)  # and fills the page cache
        rows = [(name, wrk(server.url + url, args.seconds, args.connections)) for name, url in urls]
        burst = registration_burst(server.url, env)
    finally:
        server.stop()
    return {**dict(rows), "burst": burst, "other caches": other_caches(env, args, urls)}


def other_caches(env, args, urls):
    """The same cached pages without Redis: the database cache (the default) and the file cache."""
    picked = [(name, url) for name, url in urls if name in ("static file", "home", "listing", "entry", "event")]
    results = {}
    for backend in ("db", "file"):
        cache_env = {k: v for k, v in env.items() if k != "REDIS_URL"}
        cache_env.update(CACHE_BACKEND=backend, CACHE_DIR=str(ROOT / ".cache-bench"))
        sh("createcachetable", env=cache_env)
        server = Server(cache_env, args.workers)
        try:
            warm_up(server, picked)
            results[backend] = {name: wrk(server.url + url, args.seconds, args.connections) for name, url in picked}
        finally:
            server.stop()
    shutil.rmtree(ROOT / ".cache-bench", ignore_errors=True)
    return results


def print_report(report, urls, args):
    load_size = min(args.load_size, args.entries)
    others = report["load"].pop("other caches")
    rows = [(name, data) for name, data in report["load"].items()]
    print()
    print(f"Load test, {load_size} entries, {args.events} events, page cache on ({report['machine']}):")
    print(table(rows, rows[0][1]["rps"]))
    for backend, label in (("db", "database cache (default without REDIS_URL)"), ("file", "file cache")):
        data = list(others[backend].items())
        print(f"\nThe same with the {label}:")
        print(table(data, data[0][1]["rps"]))
    report["load"]["other caches"] = others
    print()
    sizes = sorted(report["queries"])
    print("SQL queries per page (uncached):")
    print(f"{'URL':<28} " + " ".join(f"{size:>8}" for size in sizes))
    for url in report["queries"][sizes[0]]:
        name = next((n for n, u in urls if u == url), url[:28])
        print(f"{name:<28} " + " ".join(f"{report['queries'][size][url]:>8}" for size in sizes))
    print()
    print(f"Query words: {report['words']}")
    print("Uncached (page cache off, 2 connections): p95 ms (multiple of the static file's p95 in the same run)")
    print(f"{'URL':<28} " + " ".join(f"{size:>20}" for size in sizes) + f" {'growth':>8}")
    for name in report["uncached"][sizes[0]]:
        cells = []
        for size in sizes:
            run = report["uncached"][size]
            base = run["static file"]["p95"] or 0.01
            cells.append(f"{run[name]['p95']:>8.1f} ({run[name]['p95'] / base:>6.1f}x)")
        growth = report["uncached"][sizes[-1]][name]["p95"] / (report["uncached"][sizes[0]][name]["p95"] or 0.01)
        print(f"{name:<28} " + " ".join(f"{cell:>20}" for cell in cells) + f" {growth:>7.1f}x")
    print(f"Seeding time per size (s): {report['seed_seconds']}")
    print("send_alerts, 1,000 weekly alerts over 100 selections, every entry new to them:")
    for size, alerts in report["alerts"].items():
        print(
            f"  {size:>7} entries: {alerts['seconds']} s, {alerts['statements']} statements, "
            f"{alerts['sent']} digests, {alerts['empty']} without news"
        )
    print()
    burst = report["burst"]
    print(
        f"Registration burst: {burst['people']} at once for {burst['capacity']} places: "
        f"{burst['registrations_per_second']} registrations/s, {burst['confirmed']} confirmed, "
        f"{burst['waitlisted']} waiting, {burst['errors']} errors, overbooked: {burst['overbooked']}, "
        f"waiting list in arrival order: {burst['waiting_list_in_arrival_order']}\n"
        f"  CPU (whole machine: server, database, mail worker, load generator): "
        f"{burst['cpu_ms_per_registration']} ms per registration while the requests ran "
        f"({burst['server_cpu_ms_per_registration']} ms without the load generator; "
        f"{burst['steal_ms_per_registration']} ms more taken by the host, not counted), so at most "
        f"{burst['ceiling_per_second']}/s on {os.cpu_count()} cores; "
        f"{burst['cpu_ms_per_registration_until_mail_sent']} ms counted until the last e-mail was out; "
        f"load generator {burst['load_generator_cpu_seconds']} s; "
        f"every e-mail sent {burst['all_mail_sent_after_seconds']} s after the first request"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
