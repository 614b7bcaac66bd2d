"""A short load test: a real gunicorn on the loopback address, started and stopped here, and a
small threaded client (http.client, keep-alive) that signs in by session cookie and walks a few
pages for a fixed time. Reports requests per second, latency percentiles and errors."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from qms.agencies import middleware
from qms.devdata.scale.bench import percentile


def signed_in_cookie(user, agency) -> str:
    """A session for ``user`` working in ``agency``, as the sign-in page would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[middleware.SESSION_KEY] = agency.pk
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds:g} s")


def start_gunicorn(
    *, workers: int, environment: dict[str, str] | None = None
) -> tuple[subprocess.Popen, int]:
    """gunicorn serving this project with the current settings and database, or with those
    ``environment`` names (another settings module, database or file storage)."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "qms.settings"),
        # Plain HTTP on the loopback address: no redirect to HTTPS, the loopback host allowed.
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        **(environment or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "qms.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(workers), "--preload", "--log-level", "warning"],
        cwd=Path(settings.BASE_DIR),
        env=env,
    )  # fmt: skip
    try:
        _wait_until_up(port)
    except Exception:
        stop(process)
        raise
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_load(
    *, ports: list[int], cookie: str, urls: list[str], seconds: float, concurrency: int
) -> dict:
    """Each client keeps one connection to one app server, the servers taken in turn, as a
    proxy spreading its clients would."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    by_url: dict[str, list[float]] = {url: [] for url in urls}
    by_port: dict[int, int] = dict.fromkeys(ports, 0)
    errors: dict[str, int] = {}
    lock = threading.Lock()
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}

    def worker(offset: int):
        port = ports[offset % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed, index = [], {}, offset
        mine_by_url: dict[str, list[float]] = {url: [] for url in urls}
        while time.monotonic() < deadline:
            url = urls[index % len(urls)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed[f"{response.status} {url}"] = (
                        failed.get(f"{response.status} {url}", 0) + 1
                    )
            except (OSError, http.client.HTTPException) as error:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            mine_by_url[url].append(mine[-1])
        connection.close()
        with lock:
            latencies.extend(mine)
            by_port[port] += len(mine)
            for url, times in mine_by_url.items():
                by_url[url].extend(times)
            for key, count in failed.items():
                errors[key] = errors.get(key, 0) + count

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "seconds": round(elapsed, 1),
        "concurrency": concurrency,
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 1) if latencies else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "urls": urls,
        "requests_by_server": list(by_port.values()),
        # Where the time goes: each page's share of the requests and its own percentiles.
        "by_url": {
            url: {
                "requests": len(times),
                "p50_ms": round(percentile(sorted(times), 50), 1) if times else None,
                "p95_ms": round(percentile(sorted(times), 95), 1) if times else None,
            }
            for url, times in by_url.items()
        },
    }
