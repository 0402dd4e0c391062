"""Real app servers (gunicorn, production settings) on loopback ports, sharing the tests' database."""

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# The servers' shared cache when they run without Redis: the file cache, as production without REDIS_URL.
SHARED_CACHE_DIR = Path(tempfile.mkdtemp(prefix="kennisbank-test-cache-"))


def clear_shared_cache():
    for path in SHARED_CACHE_DIR.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def server_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "server-test-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "PUBLIC_BASE_URL": "https://kennisbank.example",
            "CACHE_DIR": str(SHARED_CACHE_DIR),
        }
    )
    env.update(extra)
    return env


def manage(env, *args):
    """Runs a manage.py command in a separate process, as cron or an editor's shell would."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def collect_static_once(env):
    """Static files are collected once per test run, whichever worker starts servers first. Regression: each
    start collected them again, and the manifest storage rewrites files it finds, so a server that another
    worker was booting at that moment failed on a file that had just gone ("Worker failed to boot")."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    done = ROOT / ".collectstatic.done"
    with open(ROOT / ".collectstatic.lock", "w") as lock:  # two test workers may start servers at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists() or done.read_text() != run:
            manage(env, "collectstatic", "--no-input", "-v0")
            done.write_text(run)


@contextmanager
def running_servers(env, count=1, workers=1, log=None, threads=1, config=None):
    """Yields the base URLs of `count` gunicorn servers with `workers` processes of `threads` threads each."""
    collect_static_once(env)
    manage({**env, "CACHE_BACKEND": "db"}, "createcachetable")
    # The login-failure counters live in a cache table, which flushing between tests leaves alone (it is no model's
    # table): every test's servers start with none, as if an hour had passed.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM kennisbank_limits")
        cursor.execute("DELETE FROM home_usecounter")
    processes, urls = [], []
    for _ in range(count):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
        command += ["--threads", str(threads)] if threads > 1 else []
        command += ["-c", config] if config else []
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(150):
                try:
                    if requests.get(f"{url}/healthz/", timeout=10).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"server at {url} did not start")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)
