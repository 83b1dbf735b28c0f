"""Served benchmark: every public page through gunicorn and wrk, as a fraction of a bare view's speed.

    make bench          # 10,000 then 100,000 posts (about 25 minutes here)
    make bench-quick    # 10,000 posts, shorter runs (under 4 minutes here)
    .venv/bin/python bench/throughput.py --help

Builds a throwaway PostgreSQL database (the configured DATABASE_URL's server and name with
"_throughput" appended; never the configured database itself), loads the demo content and grows it
(bench/content.py), collects the static files into a temporary folder, and serves the portal with
production settings (DEBUG off, a generated SECRET_KEY, plain HTTP as in a lab: INSECURE_HTTP=1) from
gunicorn with 2 sync workers, started as a second process; ``wrk`` drives it from a third.

For each page it alternates runs of the floor (a bare view mounted only in bench/urls.py, served by
the same gunicorn, settings and middleware) and of the page, and quotes the page's requests/s as a
fraction of the floor's runs on either side of it: the machine's speed, and whatever else it is
doing, cancel out. Everything runs twice: with the page cache on and warm (the default settings),
and with it disabled (a second gunicorn with PAGE_CACHE_SECONDS=0). Queries are counted in-process
with Django's test client against the same database, cache disabled. Then a load test: 64
connections across every page at once. A page too slow to be driven at 16 connections (over a
second a request) is timed with a few single requests instead, and shown in seconds per request.

Prints a table per size with the issue's targets (docs/benchmarks.md) and the gaps, with figures,
and writes everything to bench/results/latest.json (or --output).
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote, urlunsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal"
DEFAULT_OUTPUT = BENCH / "results" / "latest.json"

# The targets of issue 11 (docs/benchmarks.md).
WARM_RATIO, WARM_P99_MS = 0.6, 100
COLD_RATIO, COLD_QUERIES = 0.08, 8
SCALE_LOSS = 0.2  # throughput at the largest size within 20% of the smallest, cache disabled
LOAD_P99_MS = 500
# The bare view of bench/urls.py (FLOOR_PATH there).
FLOOR = "/bench/floor/"
# A page slower than this (one request, server idle) is timed with single requests, not driven by wrk.
SLOW_MS = 1000


def options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 posts and shorter runs")
    parser.add_argument("--sizes", help="post counts, comma-separated (default 10000,100000)")
    parser.add_argument("--seconds", type=int, help="length of each page's run (default 5; quick 2)")
    parser.add_argument("--floor-seconds", type=int, help="length of each floor run (default 2; quick 1)")
    parser.add_argument("--load-seconds", type=int, help="length of the load test (default 60; quick 15)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections per page (16)")
    parser.add_argument("--load-connections", type=int, default=64, help="wrk connections, load test (64)")
    parser.add_argument("--pages", help="measure only the pages whose label contains one of these words")
    parser.add_argument("--keep-db", action="store_true", help="keep the filled database for the next run")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    quick = args.quick
    args.sizes = [int(n) for n in (args.sizes or ("10000" if quick else "10000,100000")).split(",")]
    args.seconds = args.seconds or (2 if quick else 5)
    args.floor_seconds = args.floor_seconds or (1 if quick else 2)
    args.load_seconds = args.load_seconds or (15 if quick else 60)
    return args


def main():
    args = options()
    started = time.perf_counter()
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is missing: `make bench` installs it (apt-get install wrk).")
    tmp = Path(tempfile.mkdtemp(prefix="iro-bench-"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        print(f"DATABASE_URL is not PostgreSQL: using the server at {DEFAULT_DATABASE_URL}")
        database_url = DEFAULT_DATABASE_URL
    env = production_environment(tmp, database_url)
    # This process counts the queries and finds the pages' addresses: same settings, cache disabled.
    os.environ.update(env, PAGE_CACHE_SECONDS="0", DJANGO_SETTINGS_MODULE="bench.settings")
    static = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
    )

    from harness import demo_database

    report = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()},
        "method": {
            "server": "gunicorn, 2 sync workers, DEBUG off",
            "connections": args.connections,
            "page_seconds": args.seconds,
            "floor_seconds": args.floor_seconds,
            "load_connections": args.load_connections,
            "load_seconds": args.load_seconds,
            "slow_ms": SLOW_MS,
        },
        "targets": {
            "warm_ratio": WARM_RATIO,
            "warm_p99_ms": WARM_P99_MS,
            "cold_ratio": COLD_RATIO,
            "cold_queries": COLD_QUERIES,
            "scale_loss": SCALE_LOSS,
            "load_p99_ms": LOAD_P99_MS,
        },
        "sizes": [],
    }
    try:
        phase = time.perf_counter()
        with demo_database("_throughput", postgres_only=True, keep=args.keep_db) as connection:
            report["database_s"] = round(time.perf_counter() - phase, 1)
            print(f"database made and demo content loaded in {report['database_s']} s", flush=True)
            for size in args.sizes:
                report["sizes"].append(measure_size(args, connection, size, env, static, tmp))
                print_size(report["sizes"][-1])
                save(report, args.output)
        if len(report["sizes"]) > 1:
            report["scale"] = scale(report["sizes"])
            print_scale(report["scale"], report["sizes"])
    finally:
        if static.poll() is None:
            static.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    report["seconds"] = round(time.perf_counter() - started)
    report["machine"]["load_average_at_end"] = os.getloadavg()
    save(report, args.output)
    print(
        f"\nWritten to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    print(f"Total time: {report['seconds'] // 60} min {report['seconds'] % 60} s")


def production_environment(tmp, database_url):
    """What production sets (docs/deployment.md), for a lab without TLS on this machine."""
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "INSECURE_HTTP": "1",  # wrk speaks plain HTTP: no redirect to HTTPS
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
        # One setting for every run, whatever the shell has: BENCH_CACHE_URL=redis://… to try Redis.
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "locmemcache://"),
        "LOG_LEVEL": "ERROR",
    }
    for name in ("PAGE_CACHE_SECONDS", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(name, None)
    return env


def measure_size(args, connection, size, env, static, tmp):
    """Fill the database to ``size`` posts, then measure every page with the cache warm and disabled."""
    from content import finish, grow_to
    from django.test import Client
    from harness import public_pages

    from news.models import Post

    result = {"posts": size, "timings": {}}
    print(f"\n== {size:,} posts ==", flush=True)
    phase = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
    grow_to(size)
    finish(connection)
    result["published"] = Post.objects.published().count()
    result["timings"]["fill_s"] = round(time.perf_counter() - phase, 1)
    print(f"filled in {result['timings']['fill_s']} s ({result['published']:,} published)", flush=True)

    phase = time.perf_counter()
    if static.wait() != 0:
        sys.exit("collectstatic failed")
    client = Client()
    measured = {}

    def measure(url):
        if url not in measured:
            measured[url] = count_queries(client, url)
        return measured[url]

    pages = public_pages(client, get=lambda url: measure(url)["response"])
    if args.pages:
        words = [w.strip().lower() for w in args.pages.split(",")]
        pages = [(label, url) for label, url in pages if any(w in label.lower() for w in words)]
    result["pages"] = []
    for label, url in pages:
        figures = {name: value for name, value in measure(url).items() if name != "response"}
        result["pages"].append({"label": label, "url": url, **figures})
    measured.clear()
    result["timings"]["in_process_s"] = round(time.perf_counter() - phase, 1)
    connection.close()  # the servers get the database to themselves

    server_env = {
        **{name: value for name, value in os.environ.items() if name != "PAGE_CACHE_SECONDS"},
        **env,
        "DATABASE_URL": database_url_of(connection),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }
    for mode, cache_env in (("warm", {}), ("cold", {"PAGE_CACHE_SECONDS": "0"})):
        phase = time.perf_counter()
        log = args.output.parent / f"gunicorn-{size}-{mode}.log"
        with Server({**server_env, **cache_env}, log) as server:
            floors = drive(args, server, result["pages"], mode)
            result[f"floor_{mode}"] = floors
            if mode == "warm":
                result["load"] = load_test(args, server, result["pages"])
        result["timings"][f"{mode}_s"] = round(time.perf_counter() - phase, 1)
    for page in result["pages"]:
        page["gaps"] = gaps(page)
    return result


def count_queries(client, url):
    """The page's SQL queries and time in-process (test client, cache disabled), and its size."""
    from harness import fetch

    start = time.perf_counter()
    response, queries = fetch(client, url)
    elapsed = (time.perf_counter() - start) * 1000
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {"queries": queries, "in_process_ms": round(elapsed, 1), "bytes": len(body), "response": response}


def database_url_of(connection):
    settings = connection.settings_dict
    auth = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    host = f"{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return urlunsplit(("postgres", host, "/" + settings["NAME"], "", ""))


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


class Server:
    """gunicorn with 2 sync workers on a free port, in a process of its own."""

    def __init__(self, env, log):
        self.env = env
        self.log = log
        self.port = None
        self.process = None

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{self.port}",
            "--no-control-socket",
        ]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.get(FLOOR)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not start: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: no need to drain
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=120):
        """One request on a new connection: (status, milliseconds)."""
        start = time.perf_counter()
        connection = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, (time.perf_counter() - start) * 1000
        finally:
            connection.close()

    def wait_until_idle(self, limit=300):
        """Wait until the floor answers at once, twice: gunicorn has worked off what wrk left queued."""
        start = time.monotonic()
        quick = 0
        while quick < 2 and time.monotonic() - start < limit:
            try:
                quick = quick + 1 if self.get(FLOOR, timeout=limit)[1] < 50 else 0
            except OSError:
                quick = 0
                time.sleep(0.5)
        return time.monotonic() - start


def run_wrk(server, path, seconds, connections, timeout=10, paths=None):
    """One wrk run; its figures as a dict (requests/s, latency percentiles in ms, errors)."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        f"--script={BENCH / 'wrk.lua'}",
        server.url(path),
    ]
    env = {**os.environ, "BENCH_PATHS": " ".join(paths or [])}
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"]
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": errors,
        "non_2xx_3xx": raw["status"],
        "timeouts": raw["timeout"],
        "bytes_per_request": round(raw["bytes"] / raw["requests"]) if raw["requests"] else None,
    }


def prime(server, path, rounds):
    """A few requests from two clients at once (so both workers see the page): the last round's times."""

    def attempt(_n):
        try:
            return server.get(path)
        except OSError as error:  # a worker killed by gunicorn's timeout, say
            return type(error).__name__, 0

    times = []
    with ThreadPoolExecutor(2) as pool:
        for _ in range(rounds):
            answers = list(pool.map(attempt, range(2)))
            statuses = {status for status, _ms in answers}
            times = [ms for _status, ms in answers]
            if statuses != {200}:
                return statuses, times
    return {200}, times


def drive(args, server, pages, mode):
    """Floor, page, floor, page…: each page's throughput against the floor runs either side of it."""
    print(f"-- cache {'on, warm' if mode == 'warm' else 'disabled'}: {len(pages)} pages", flush=True)
    prime(server, FLOOR, 2)
    floors = [run_wrk(server, FLOOR, args.floor_seconds, args.connections)]
    for page in pages:
        statuses, times = prime(server, page["url"], 2 if mode == "warm" else 1)
        if statuses != {200}:
            # A 500 after gunicorn's 30 s is its timeout: the worker was killed (see the log).
            answers = "/".join(str(status) for status in sorted(statuses, key=str))
            run = {"status": answers, "error": f"HTTP {answers} after {max(times) / 1000:.0f} s"}
        elif statistics.median(times) > SLOW_MS:
            run = {
                "slow": True,
                "rps": None,
                "p50_ms": round(statistics.median(times)),
                "p99_ms": round(max(times)),
            }
        else:
            run = run_wrk(server, page["url"], args.seconds, args.connections)
            run["drain_s"] = round(server.wait_until_idle(), 1)
        server.wait_until_idle()  # and up again, should a worker have been killed for its time
        floors.append(run_wrk(server, FLOOR, args.floor_seconds, args.connections))
        floor_rps = statistics.mean(f["rps"] for f in floors[-2:])
        run["floor_rps"] = round(floor_rps, 1)
        run["ratio"] = round(run["rps"] / floor_rps, 4) if run.get("rps") is not None else None
        page[mode] = run
        print(f"   {page['label']:<34} {describe(run)}", flush=True)
    return {"runs": [f["rps"] for f in floors], "median_rps": statistics.median(f["rps"] for f in floors)}


def load_test(args, server, pages):
    """Every page at once, round-robin, from many connections: errors, timeouts (2 s), latency."""
    paths = [page["url"] for page in pages]
    print(
        f"-- load: {args.load_connections} connections for {args.load_seconds} s across {len(paths)} pages",
        flush=True,
    )
    run = run_wrk(server, paths[0], args.load_seconds, args.load_connections, timeout=2, paths=paths)
    # Last on this server: it is stopped at once, with whatever wrk left queued.
    run["pages"] = len(paths)
    run["connections"] = args.load_connections
    run["seconds"] = args.load_seconds
    run["met"] = run["errors"] == 0 and run["timeouts"] == 0 and run["p99_ms"] < LOAD_P99_MS
    print(f"   {describe(run)}", flush=True)
    return run


def describe(run):
    if "error" in run:
        return run["error"]
    if run.get("slow"):
        return f"{run['p50_ms'] / 1000:.1f} s per request (too slow for wrk)"
    text = f"{run['rps']:8.1f} req/s  p50 {run['p50_ms']:7.1f} ms  p99 {run['p99_ms']:7.1f} ms"
    if run.get("ratio") is not None:
        text += f"  {run['ratio']:.3f}× floor"
    if run["errors"] or run["timeouts"]:
        text += f"  {run['errors']} errors, {run['timeouts']} timeouts"
    return text


def gaps(page):
    """What keeps the page from its targets, with figures: {"warm": [...], "cold": [...]}."""
    found = {}
    for mode, ratio_target in (("warm", WARM_RATIO), ("cold", COLD_RATIO)):
        run = page.get(mode)
        if run is None:
            continue
        missing = []
        if "error" in run:
            missing.append(run["error"])
        elif run.get("slow"):
            missing.append(f"{run['p50_ms'] / 1000:.1f} s per request")
        else:
            if run["ratio"] < ratio_target:
                missing.append(f"{run['ratio']:.3f}× floor < {ratio_target}")
            if mode == "warm" and run["p99_ms"] >= WARM_P99_MS:
                missing.append(f"p99 {run['p99_ms']:.0f} ms ≥ {WARM_P99_MS}")
            if run["errors"] or run["timeouts"]:
                missing.append(f"{run['errors']} errors, {run['timeouts']} timeouts")
        if mode == "cold" and page["queries"] > COLD_QUERIES:
            missing.append(f"{page['queries']} queries > {COLD_QUERIES}")
        found[mode] = missing
    return found


def scale(sizes):
    """Each page's cold throughput at the largest size against the smallest.

    Pages driven by wrk compare their fraction of the floor; pages timed with single requests (too
    slow for wrk at both sizes) compare their time per request.
    """
    small, large = sizes[0], sizes[-1]
    before = {page["label"]: page for page in small["pages"]}
    rows = []
    for page in large["pages"]:
        first = before.get(page["label"])
        if not first:
            continue
        was, now = speed(first["cold"]), speed(page["cold"])
        comparable = was and now and was[1] == now[1]
        change = now[0] / was[0] - 1 if comparable else None
        rows.append(
            {
                "label": page["label"],
                "small": was and was[0],
                "large": now and now[0],
                # Each side's kind: one may be a fraction of the floor, the other seconds per request.
                "small_measure": was and was[1],
                "large_measure": now and now[1],
                "change": round(change, 3) if change is not None else None,
                "met": change is not None and change >= -SCALE_LOSS,
            }
        )
    return {"small": small["posts"], "large": large["posts"], "pages": rows}


def speed(run):
    """(figure, kind): the fraction of the floor, or requests per second from single requests."""
    if run.get("ratio") is not None:
        return run["ratio"], "×floor"
    if run.get("slow"):
        return 1000 / run["p50_ms"], "single"
    return None


def cell(run, queries=None):
    if run is None:
        return f"{'':>8} {'':>7} {'':>7} {'':>7} {'':>6}"
    if "error" in run:
        return f"{run['error']:>38}"
    ok = "ok" if not run.get("gaps") else "MISS"
    if run.get("slow"):
        return f"{'-':>8} {'-':>7} {run['p50_ms']:>7.0f} {run['p99_ms']:>7.0f} {ok:>6}"
    return f"{run['rps']:>8.1f} {run['ratio']:>7.3f} {run['p50_ms']:>7.1f} {run['p99_ms']:>7.1f} {ok:>6}"


def print_size(size):
    print(f"\n{size['posts']:,} posts ({size['published']:,} published)")
    for mode in ("warm", "cold"):
        floor = size.get(f"floor_{mode}")
        if floor:
            runs = floor["runs"]
            print(
                f"floor, cache {mode}: median {floor['median_rps']:,.0f} req/s "
                f"({min(runs):,.0f}–{max(runs):,.0f} over {len(runs)} runs)"
            )
    if size.get("floor_warm") and size.get("floor_cold"):
        # Each server's pages are compared with its own floor; what the cache costs every request
        # (looking the content version up, say) shows only between the two floors.
        share = size["floor_warm"]["median_rps"] / size["floor_cold"]["median_rps"]
        size["floor_warm_vs_cold"] = round(share, 3)
        print(f"floor with the cache on / floor with it disabled: {share:.2f}")
        if share < 0.5:
            bare = size["floor_cold"]["median_rps"]
            against = ", ".join(
                f"{page['label']} {page['warm']['rps'] / bare:.2f}"
                for page in size["pages"]
                if page.get("warm", {}).get("rps") is not None
            )
            print(
                "  the cache slows every request, the floor too; cache warm against the floor with it "
                f"disabled: {against}"
            )
    head = f"{'req/s':>8} {'×floor':>7} {'p50 ms':>7} {'p99 ms':>7} {'target':>6}"
    print(f"\n{'':<34} {'':>7} | {'cache warm':^38} | {'cache disabled':^38}")
    print(f"{'page':<34} {'queries':>7} | {head} | {head}")
    for page in size["pages"]:
        warm = page.get("warm") and {**page["warm"], "gaps": page["gaps"].get("warm")}
        cold = page.get("cold") and {**page["cold"], "gaps": page["gaps"].get("cold")}
        print(f"{page['label']:<34} {page['queries']:>7} | {cell(warm)} | {cell(cold)}")
    load = size.get("load")
    if load:
        print(
            f"\nload: {load['connections']} connections × {load['seconds']} s across {load['pages']} pages: "
            f"{load['requests']:,} requests ({load['rps']:.1f} req/s), {load['errors']} errors, "
            f"{load['timeouts']} timeouts (2 s), p50 {load['p50_ms']:.0f} ms, p99 {load['p99_ms']:.0f} ms "
            "of those completed "
            f"→ {'ok' if load['met'] else 'MISS'} (target: no error or timeout, p99 < {LOAD_P99_MS} ms)"
        )
    missing = [
        (page["label"], mode, gap) for page in size["pages"] for mode, gap in page["gaps"].items() if gap
    ]
    if missing:
        print("\ngaps (targets: warm ≥ 0.6× floor and p99 < 100 ms; disabled ≥ 0.08× floor and ≤ 8 queries):")
        for label, mode, gap in missing:
            print(f"  {label}, cache {mode}: {'; '.join(gap)}")
    timings = ", ".join(f"{name.removesuffix('_s')} {value:.0f} s" for name, value in size["timings"].items())
    print(f"\ntime: {timings}", flush=True)


def print_scale(result, sizes):
    print(f"\ncache disabled, {result['large']:,} posts against {result['small']:,} (target: within 20%)")
    small, large = (format(result[key], ",") for key in ("small", "large"))
    print(f"{'page':<34} {small:>14} {large:>14} {'change':>8}")

    def figure(value, kind):
        if value is None:
            return "error"
        return f"{value:.3f}× floor" if kind == "×floor" else f"{1 / value:.1f} s/req"

    for row in result["pages"]:
        small = figure(row["small"], row["small_measure"])
        large = figure(row["large"], row["large_measure"])
        change = f"{row['change']:+.0%}" if row["change"] is not None else "-"
        print(f"{row['label']:<34} {small:>14} {large:>14} {change:>8} {'ok' if row['met'] else 'MISS':>5}")


def save(report, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
