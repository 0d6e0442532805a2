"""Drive the site with wrk under gunicorn, cold (page cache off) and warm, and print a table.

Run by bench/run.sh, which starts PostgreSQL and fills it first; the cache lives in a
throwaway Redis, as in the deployment README describes. Every run is bounded
(BENCH_SECONDS per URL) and targets only 127.0.0.1. Numbers are reported with their ratio
to a static file served by WhiteNoise in the same run, since the machine's two cores are
shared by wrk and the server.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_INSECURE_HTTP", "1")

import django  # noqa: E402

django.setup()

from django.templatetags.static import static  # noqa: E402
from django.urls import reverse  # noqa: E402

from episodes.models import Episode, Guest, Topic  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
# What browsers and podcast apps send: pages and feeds come back gzip-compressed, static
# files brotli-compressed (WhiteNoise keeps both beside each file).
HEADERS = ["-H", "Accept-Encoding: gzip, deflate, br"]


def bench_urls():
    """The pages to measure, chosen from the generated catalogue."""
    episode = Episode.objects.published().order_by("-published_at")[500]
    guest = Guest.objects.filter(slug__startswith="bench-guest").order_by("slug").first()
    topic = Topic.objects.filter(slug__startswith="bench-topic").order_by("slug").first()
    year = episode.published_at.year
    urls = {
        "list": reverse("episodes:list"),
        "filtered list": f"{reverse('episodes:list')}?topic={topic.slug}&year={year}",
        "episode": episode.get_absolute_url(),
        "guest": guest.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "search": f"{reverse('episodes:list')}?q=diffusion+scaling",
        "feed": reverse("episodes:feed"),
        "static file": static("css/site.css"),
    }
    return urls


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url}")


def start_redis():
    """A throwaway Redis for the cache, as README's deployment has: a worker that gunicorn
    recycles (every GUNICORN_MAX_REQUESTS requests, seconds apart at these rates) would
    otherwise start with an empty local-memory cache and rebuild every page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            return server, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def start_gunicorn(cache_enabled, cache_url):
    env = {
        **os.environ,
        "CACHE_URL": cache_url,
        "PUBLIC_PAGE_CACHE_ENABLED": "1" if cache_enabled else "0",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": WORKERS,
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    wait_until_up(f"http://127.0.0.1:{PORT}/healthz")
    return server


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def drained(base):
    """Wait until the server has finished requests left over from the previous run.

    Sync workers go on serving connections that wrk already gave up on; without this
    pause they would slow the start of the next run.
    """
    for _ in range(60):
        started = time.monotonic()
        urllib.request.urlopen(base + "/healthz", timeout=30).read()
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def wrk(url, connections=CONNECTIONS, seconds=SECONDS):
    """req/s, p50 ms, p99 ms and error count of one bounded wrk run."""
    drained(url[: url.index("/", len("http://"))])
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *HEADERS, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    print(f"--- {url} -c{connections}\n{out}", file=sys.stderr, flush=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return rps, p50, p99, errors


def measure(urls, cache_enabled, cache_url):
    mode = "warm" if cache_enabled else "cold"
    redis.Redis.from_url(cache_url).flushall()
    server = start_gunicorn(cache_enabled, cache_url)
    rows = []
    try:
        base = f"http://127.0.0.1:{PORT}"
        for url in urls.values():  # fill the cache (warm) and the workers' connections
            for _ in range(4):
                urllib.request.urlopen(base + url, timeout=30).read()
        results = {name: wrk(base + url) for name, url in urls.items()}
        static_rps = max(results["static file"][0], 0.001)
        for name, (rps, p50, p99, errors) in results.items():
            rows.append((name, mode, rps, p50, p99, rps / static_rps, errors))
        if cache_enabled:
            rps, p50, p99, errors = wrk(base + urls["list"], connections=32, seconds=15)
            rows.append(("list, -c32 15 s", mode, rps, p50, p99, rps / static_rps, errors))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def main():
    urls = bench_urls()
    print("URLs:", urls, flush=True)
    redis_server, cache_url = start_redis()
    try:
        rows = measure(urls, False, cache_url) + measure(urls, True, cache_url)
    finally:
        redis_server.terminate()
        redis_server.wait(timeout=10)
    print()
    print("| page | cache | req/s | p50 ms | p99 ms | ratio to static | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, mode, rps, p50, p99, ratio, errors in rows:
        print(f"| {name} | {mode} | {rps:.0f} | {p50:.2f} | {p99:.2f} | {ratio:.2f} | {errors} |")


if __name__ == "__main__":
    main()
