#!/usr/bin/env python
"""Load test of the whole shopper journey (bench/locustfile.py) with locust against the stack
of the drills (tests/drills/stack.py: its own PostgreSQL and Redis, gunicorn 2 × 4 threads, a
Celery worker, the fake Mollie): more and more concurrent shoppers until p99 passes 500 ms or
a request fails. Reports each step's rate, p99 and the CPU each part used (from /proc), so
that the resource that saturates first shows.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run_load.py [--steps 4,8,16,32] [--seconds 20]"""

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cestmoi.settings")

from tests.drills.stack import Stack, children  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> set[int]:
    found = {pid}
    for child in children(pid):
        found |= tree(child)
    return found


def cpu_seconds(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def postgres_pids(stack: Stack) -> set[int]:
    postmaster = int((stack.postgres.data / "postmaster.pid").read_text().split()[0])
    return tree(postmaster)


def step(stack: Stack, users: int, seconds: float, out: Path) -> dict:
    parts = {
        "gunicorn": lambda: tree(stack.services["gunicorn"].process.pid),
        "worker": lambda: tree(stack.services["worker"].process.pid),
        "postgres": lambda: postgres_pids(stack),
    }
    before = {name: cpu_seconds(pids()) for name, pids in parts.items()}
    prefix = out / f"users{users}"
    env = {
        **os.environ,
        "LOAD_VARIANT": str(stack.variant_id),
        "LOAD_PRODUCT_URL": stack.product_url,
        "LOAD_COURIER": str(stack.courier_method),
    }
    subprocess.run(
        [
            *(str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench/locustfile.py")),
            *("--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds:.0f}s"),
            *("--host", stack.url, "--csv", str(prefix), "--only-summary"),
        ],
        env=env,
        check=False,
        capture_output=True,
        timeout=seconds + 60,
    )
    used = {name: cpu_seconds(pids()) - before[name] for name, pids in parts.items()}
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    return {
        "users": users,
        "rps": float(total["Requests/s"]),
        "p99_ms": float(total["99%"]),
        "failures": int(total["Failure Count"]),
        # Cores busy on average (2.0 = both CPUs of this machine).
        **{f"cpu_{name}": round(value / seconds, 2) for name, value in used.items()},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default="4,8,16,32")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    out = ROOT / "bench" / "results" / f"load-{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    results = []
    with Stack() as stack:
        stack.postgres.query(
            "UPDATE catalog_variant SET stock = 1000000 WHERE id = %s RETURNING id",
            stack.variant_id,
        )
        print(
            f"{'users':>5} {'req/s':>7} {'p99 ms':>7} {'fail':>5}  cores: gunicorn worker postgres"
        )
        for users in (int(u) for u in args.steps.split(",")):
            result = step(stack, users, args.seconds, out)
            results.append(result)
            print(
                f"{users:5} {result['rps']:7.1f} {result['p99_ms']:7.0f} {result['failures']:5}"
                f"  {result['cpu_gunicorn']:16} {result['cpu_worker']:6} {result['cpu_postgres']:8}",
                flush=True,
            )
            if result["p99_ms"] >= 500 or result["failures"]:
                break
    good = [r for r in results if r["p99_ms"] < 500 and not r["failures"]]
    if good:
        best = good[-1]
        print(
            f"highest rate with p99 < 500 ms and no errors: {best['rps']} req/s ({best['users']} users)"
        )
    last = results[-1]
    busiest = max(("gunicorn", "worker", "postgres"), key=lambda name: last[f"cpu_{name}"])
    print(f"busiest at the last step: {busiest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
