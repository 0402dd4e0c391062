"""The registration burst of `make bench`: 200 people at once for 50 places, through real HTTP, with the mail
worker running beside the server as in production; the whole machine's CPU per registration is measured."""

import asyncio
import os
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
from common import PYTHON, ROOT, probe


def cpu_seconds():
    """(busy, stolen): seconds of CPU the whole machine's processes spent (server, database, worker, load
    generator), and seconds the hypervisor gave this machine's CPUs to others while they had work (steal). Steal
    is not work of ours, so it is not counted as busy; on a shared host it is reported apart."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq) / ticks, steal / ticks


def unsent_mail(env, since):
    """Mails of the burst not sent yet; asked directly, as a probe process would cost a second of CPU each."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as connection:
        query = "SELECT count(*) FROM home_outgoingmail WHERE status <> 'sent' AND created_at >= %s"
        return connection.execute(query, [since]).fetchone()[0]


def mail_worker(env):
    """The outbox worker as production runs it (`make serve`), at a lower CPU priority than the web server:
    people wait for the page, the e-mail can wait a few seconds."""
    command = ["nice", "-n", "10", PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _post_all(host, port, requests_bytes):
    """Open one connection per person, then send every request at once and read every answer. A plain
    asyncio client: the load generator shares the two cores with the server, so it must cost little."""

    connections = [await asyncio.open_connection(host, port) for _ in requests_bytes]

    async def one(connection, payload):
        reader, writer = connection
        writer.write(payload)
        await writer.drain()
        answer = await reader.read()  # Connection: close, so the server ends the answer
        writer.close()
        return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0

    began = time.monotonic()
    statuses = await asyncio.gather(*(one(c, p) for c, p in zip(connections, requests_bytes, strict=True)))
    return statuses, time.monotonic() - began


def registration_burst(base_url, env, people=200, capacity=50):

    # Seeding leaves Wagtail's own tasks queued (search and reference index updates, some 1,500 at 10,000 entries):
    # they are run first, untimed, so the burst's worker sends the burst's mail and nothing else.
    subprocess.run([PYTHON, "manage.py", "db_worker", "--batch"], cwd=ROOT, env=env, check=True, capture_output=True)
    event = probe(env, "burst-event", str(capacity))
    page_url = base_url + event["url"]
    target = urlsplit(base_url)
    worker, worker_started = mail_worker(env), time.monotonic()  # its start-up must not count in the burst
    try:
        return _burst(env, people, capacity, event, page_url, target, worker, worker_started)
    finally:  # whatever fails, no worker is left behind (one left running polls the database for ever)
        worker.terminate()
        worker.wait(timeout=20)


def _burst(env, people, capacity, event, page_url, target, worker, worker_started):  # noqa: PLR0913
    payloads = []
    for n in range(people):  # each person opens the page first (its own CSRF cookie), untimed
        session = requests.Session()
        page = session.get(page_url, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        body = urlencode(
            {"name": f"Deelnemer {n}", "email": f"burst{n}@example.org", "consent": "on", "csrfmiddlewaretoken": token}
        ).encode()
        cookies = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        head = (
            f"POST {event['url']}aanmelden/ HTTP/1.1\r\nHost: {target.netloc}\r\nCookie: {cookies}\r\n"
            f"Referer: {page_url}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        payloads.append(head.encode() + body)
    time.sleep(max(0.0, 4 - (time.monotonic() - worker_started)))
    cpu, (busy_before, steal_before), since = time.process_time(), cpu_seconds(), datetime.now(UTC)
    statuses, elapsed = asyncio.run(_post_all(target.hostname, target.port, payloads))
    client_cpu = time.process_time() - cpu
    busy, steal = (now - before for now, before in zip(cpu_seconds(), (busy_before, steal_before), strict=True))
    began = time.monotonic()
    while unsent_mail(env, since) and time.monotonic() - began < 120:
        time.sleep(0.2)
    mail_drained = time.monotonic() - began + elapsed
    busy_with_mail = cpu_seconds()[0] - busy_before  # the mail worker finishing the queue included
    worker.terminate()  # before the probe below, which must not share the machine with it
    worker.wait(timeout=20)
    counts = probe(env, "registrations", event["slug"])
    return {
        "people": people,
        "capacity": capacity,
        "seconds": round(elapsed, 2),
        "registrations_per_second": round(people / elapsed, 1),
        "load_generator_cpu_seconds": round(client_cpu, 2),
        "cpu_ms_per_registration": round(busy * 1000 / people, 1),
        "server_cpu_ms_per_registration": round((busy - client_cpu) * 1000 / people, 1),
        "steal_ms_per_registration": round(steal * 1000 / people, 1),
        "cpu_ms_per_registration_until_mail_sent": round(busy_with_mail * 1000 / people, 1),
        "ceiling_per_second": round(people * (os.cpu_count() or 1) / busy, 1) if busy else None,
        "all_mail_sent_after_seconds": round(mail_drained, 1),
        "confirmed": counts["confirmed"],
        "waitlisted": counts["waitlisted"],
        "errors": sum(1 for status in statuses if status != 200),
        "overbooked": counts["confirmed"] > capacity,
        "waiting_list_in_arrival_order": counts["arrival_order_kept"],
    }
