"""Shared plumbing of the benchmarks: the environment of a production-like shop on its own
PostgreSQL database, gunicorn on a free loopback port, and a bounded load generator."""

import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(database: str, **extra) -> dict:
    var = ROOT / "var" / "bench"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cestmoi.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": "bench",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "BENCHMARK_VIEWS": "true",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def create_and_migrate(env, database: str, *, fresh: bool) -> None:
    if fresh:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], check=True
        )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", database],
        check=False,
        stderr=subprocess.DEVNULL,
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")


def prepare_database(env, database: str, *, products: int, fresh: bool) -> float:
    """Create, migrate and seed the benchmark database; returns the seconds seeding took."""
    create_and_migrate(env, database, fresh=fresh)
    started = time.monotonic()
    manage(env, "seed_demo", "--products", str(products), "--replace")
    return time.monotonic() - started


def wait_until_up(port, path="/bench/trivial/", seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answered on port {port}")


@contextlib.contextmanager
def gunicorn(env, *, workers: int, threads: int, port: int | None = None):
    """gunicorn serving the shop on loopback (`port`, or a free one); yields the port."""
    port = port or free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "cestmoi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def server_cpu_seconds(port) -> float:
    """CPU time used so far by the gunicorn processes serving `port` (master and workers)."""
    bind = f"127.0.0.1:{port}".encode()
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if bind not in cmdline.read():
                    continue
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all the machine's CPUs so far, from /proc/stat: the share of
    the machine a phase took, whichever process did the work (the shop, PostgreSQL, Redis, the
    fakes, the load generator)."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    busy = user + nice + system + irq + softirq
    return busy, busy + idle + iowait + steal


def summarise(latencies: list[float], errors: int, elapsed: float) -> dict:
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
    }


def run_threads(worker, concurrency: int) -> float:
    """Run `worker()` in `concurrency` threads; returns the wall-clock seconds."""
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started
