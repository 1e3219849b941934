"""The shop running as in production, on this machine, for the drills: a PostgreSQL cluster
and a redis-server of the drills' own (stopped, killed and restarted without touching the
machine's shared ones), gunicorn serving the shop with DEBUG off, a Celery worker (prefork,
as in docker-compose.yml), and the fakes of devtools/ (Mollie, courier, V-SDC) in this
process. Every wait is bounded: a drill fails with the logs instead of hanging."""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import psycopg
import requests

from devtools.fake_courier import FakeCourierServer
from devtools.fake_mollie import FakeMollieServer
from devtools.fake_vsdc import FakeVsdcServer
from tests.redis_server import RedisOfOurOwn, wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's PostgreSQL 15, as on the CI machine
REQUEST_SECONDS = 30
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
    return found


class PostgresOfOurOwn:
    """A throw-away PostgreSQL cluster (initdb) on a free port. PostgreSQL refuses to run as
    root: as root the cluster belongs to the `postgres` user."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cestmoi"

    def _run(self, *command: str, timeout: float = 60) -> None:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, timeout=timeout, capture_output=True)

    def create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            str(POSTGRES_BIN / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync"),
        )
        self.start()
        self._run(
            str(POSTGRES_BIN / "createdb"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "cestmoi"),
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            # A drill's data is thrown away: no need to survive a power cut.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(POSTGRES_BIN / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.directory / "postgres.log")),
            *("-o", options, "-w", "-t", "30", "start"),
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(POSTGRES_BIN / "pg_ctl"),
            *("-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"),
        )

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, connect_timeout=5, autocommit=True)

    def query(self, sql: str, *params) -> list[tuple]:
        with self.connect() as connection:
            return connection.execute(sql, params).fetchall()


class Service:
    """A subprocess of the stack with its log file; stopped with its whole process group."""

    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def tail(self, characters: int = 3000) -> str:
        return f"--- {self.name}\n" + self.log.read_text(errors="replace")[-characters:]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Stack:
    """`with Stack() as stack:` everything runs; `stack.url` is the shop."""

    def __init__(self, *, gunicorn_workers: int = 2, gunicorn_threads: int = 4):
        # Not under pytest's tmp_path: its parents are closed to the postgres user.
        self.directory = Path(tempfile.mkdtemp(prefix="cestmoi-drills-"))
        os.chmod(self.directory, 0o755)  # noqa: S103 - the postgres user must enter it
        self.var = self.directory / "var"
        self.mail_dir = self.var / "mail"
        self.media = self.var / "media"
        self.postgres = PostgresOfOurOwn(self.directory / "postgres")
        self.redis = RedisOfOurOwn(self.directory / "redis")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.gunicorn_options = [
            *("--workers", str(gunicorn_workers), "--worker-class", "gthread"),
            *("--threads", str(gunicorn_threads)),
        ]
        self.services: dict[str, Service] = {}
        self._exit = contextlib.ExitStack()

    # --- the environment: the shop's real settings, as README's configuration table names them
    def env(self) -> dict:
        return {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(self.directory)),
            "DJANGO_SETTINGS_MODULE": "cestmoi.settings",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": "drill-only-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SITE_URL": self.url,
            "VAR_DIR": str(self.var),
            "MEDIA_ROOT": str(self.media),
            "DATABASE_URL": self.postgres.url,
            # As docker-compose.yml: psycopg's pool, 4 connections per process.
            "DATABASE_POOL_MAX_SIZE": "4",
            "DATABASE_POOL_TIMEOUT": "5",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis.port}/1",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CACHE_KEY_PREFIX": "drills",
            "PAYMENT_PROVIDER": "mollie",
            "MOLLIE_API_ENDPOINT": self.mollie.url,
            "MOLLIE_READ_TIMEOUT": "3",
            "VSDC_URL": self.vsdc.url,
            # Each drill shopper comes from an address of its own through one trusted proxy,
            # so the per-address abuse limits stay on without refusing the drill.
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *command: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"manage.py {command} failed:\n{result.stderr[-3000:]}"
        return result.stdout

    def python(self, code: str, timeout: float = 60) -> str:
        """Run `code` in a Django process of the stack (what staff do in the admin)."""
        return self.manage("shell", "-c", code, timeout=timeout)

    # --- start and stop ---------------------------------------------------------------------
    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        self.mollie = self._exit.enter_context(FakeMollieServer())
        self.courier = self._exit.enter_context(FakeCourierServer())
        self.vsdc = self._exit.enter_context(FakeVsdcServer())
        self.postgres.create()
        self._exit.callback(self._stop_postgres)
        self.redis.start()
        self._exit.callback(self.redis.stop)
        static = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=self.env(),
        )
        self.manage("migrate", "--no-input", "-v", "0", timeout=STARTUP_SECONDS)
        assert static.wait(timeout=STARTUP_SECONDS) == 0, "collectstatic failed"
        self.variant_id, self.product_url, self.courier_method = self._seed()
        self.start_gunicorn()
        self.start_worker()

    def _stop_postgres(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # a drill may have stopped it
            self.postgres.stop("immediate")

    def __exit__(self, *exc_info):
        for service in list(self.services.values()):
            service.stop()
        self._exit.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _seed(self) -> tuple[int, str, int]:
        out = self.python(
            f"""
from decimal import Decimal
from django.utils import timezone
from catalog.models import ExchangeRate
from orders.models import DeliveryMethod
from tests.catalog.factories import ProductFactory, VariantFactory
ExchangeRate.objects.update_or_create(date=timezone.localdate(), defaults={{"eur_rsd": Decimal("117.2")}})
variant = VariantFactory(product=ProductFactory(name="Luna ring"), option="Size 54",
                         price=Decimal("4990.00"), stock=1000)
method = DeliveryMethod.objects.filter(is_active=True).first()
method.notification_backend = "http"
method.courier_api_url = "{self.courier.url}"
method.save()
print("SEEDED", variant.pk, variant.product.get_absolute_url(), method.pk)
"""
        )
        _, variant, url, method = re.search(r"SEEDED .*", out)[0].split()
        return int(variant), url, int(method)

    def start_gunicorn(self) -> None:
        self.services["gunicorn"] = Service(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "cestmoi.wsgi",
                *("--bind", f"127.0.0.1:{self.port}", *self.gunicorn_options),
                *("--timeout", "30", "--graceful-timeout", "5"),
            ],
            self.env(),
            self.directory,
        )
        self.wait_for(lambda: self.answers("/healthz/"), "gunicorn to serve the shop")

    def answers(self, path: str) -> bool:
        try:
            return requests.get(self.url + path, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def start_worker(self) -> Service:
        """`celery worker` as docker-compose.yml runs it: prefork, every queue; one process,
        so that a drill knows which one is doing the task."""
        worker = Service(
            "worker",
            [
                *(sys.executable, "-m", "celery", "-A", "cestmoi", "worker"),
                *("--pool=prefork", "--concurrency=1", "--loglevel=INFO"),
                *("-Q", "celery,mail,documents,courier,fiscal"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            self.env(),
            self.directory,
        )
        self.services["worker"] = worker
        self.wait_for(lambda: "ready." in worker.log.read_text(errors="replace"), "the worker")
        return worker

    def wait_for(self, condition, what: str, timeout: float = STARTUP_SECONDS) -> None:
        try:
            wait_until(condition, what=what, timeout=timeout, interval=0.2)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.logs()}") from None

    def logs(self) -> str:
        return "\n".join(service.tail() for service in self.services.values())

    def sweep(self) -> int:
        """What beat does every minute: hand the due outbox items over."""
        return int(self.manage("outbox_sweep").split()[0])

    # --- what happened ------------------------------------------------------------------------
    def emails_to(self, address: str) -> list:
        """Messages the file e-mail backend wrote to `address` (each separated by 79 dashes)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    message = message_from_bytes(raw, policy=email_policy)
                    if address.lower() in (message["To"] or "").lower():
                        messages.append(message)
        return messages

    def pdfs(self) -> list[Path]:
        return sorted(self.media.rglob("*.pdf"))

    def order(self, number: str) -> dict:
        (row,) = self.postgres.query(
            "SELECT id, status, stock_reservation FROM orders_order WHERE number = %s", number
        )
        return {"id": row[0], "status": row[1], "stock_reservation": row[2]}

    def pending_outbox(self) -> int:
        return self.postgres.query(
            "SELECT count(*) FROM paperwork_outboxitem WHERE state = 'pending'"
        )[0][0]


class Shopper:
    """A guest with a browser's cookies, from an address and an e-mail of their own."""

    def __init__(self, stack: Stack, number: int):
        self.stack = stack
        self.email = f"drill+{number}@example.rs"
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = f"10.9.{number >> 8 & 255}.{number & 255}"

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.stack.url + path, timeout=REQUEST_SECONDS)

    def post(self, path: str, form: dict, **options) -> requests.Response:
        return self.session.post(
            self.stack.url + path,
            data={"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""), **form},
            headers={"Referer": self.stack.url + path},
            timeout=REQUEST_SECONDS,
            **options,
        )

    def place_order(self, quantity: int = 1) -> requests.Response:
        """Product page, cart, the checkout steps, "Confirm": the answer to the confirm."""
        product = self.get(self.stack.product_url)
        assert product.status_code == 200, product.status_code
        cart = self.post("/cart/add/", {"variant": self.stack.variant_id, "quantity": quantity})
        assert cart.status_code == 200, (cart.status_code, self.stack.logs())
        for path, form in (
            (
                "/checkout/",
                {
                    "full_name": "Jelena Petrović",
                    "email": self.email,
                    "phone": "064 123 4567",
                    "street": "Knez Mihailova 12",
                    "city": "Beograd",
                    "postal_code": "11000",
                },
            ),
            ("/checkout/delivery/", {"delivery_method": self.stack.courier_method}),
            ("/checkout/review/", {"accept_terms": "on"}),
        ):
            step = self.post(path, form, allow_redirects=False)
            if step.status_code != 302:
                return step
        confirm = self.get("/checkout/confirm/")
        key = re.search(r'name="checkout_key" value="([^"]+)"', confirm.text)
        if key is None:
            return confirm
        return self.post("/checkout/confirm/", {"checkout_key": key[1]}, allow_redirects=False)

    def pay(self, confirmed: requests.Response, choice: str = "paid") -> requests.Response:
        """On the fake Mollie's page, choose how the payment ends (its webhook is called),
        and follow the way back to the shop's order page."""
        assert confirmed.status_code == 302, (confirmed.status_code, confirmed.text[:500])
        checkout = confirmed.headers["Location"]
        assert checkout.startswith(self.stack.mollie.url), checkout
        return self.session.post(checkout, data={"status": choice}, timeout=REQUEST_SECONDS)


def order_number_of(page: requests.Response) -> str:
    return re.search(r"/orders/([^/]+)/", page.url)[1]
