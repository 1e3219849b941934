"""deploy/backup.sh and deploy/restore.sh on the machine's real PostgreSQL: a backup restored
into an empty database gives back the shop's data and files; old backups are deleted."""

import os
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.orders.factories import ring
from tests.paperwork.test_outbox_drills import _database_url

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DAY = 86_400


def script(name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(DEPLOY / name), *args],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database; dropped afterwards."""
    source = _database_url()
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = urlunsplit(urlsplit(source)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(source)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables_of(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {row[0] for row in rows}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_its_files(tmp_path, empty_database):
    variant = ring(price="7300.00", stock=4)[0]
    media = tmp_path / "media"
    (media / "documents" / "invoice").mkdir(parents=True)
    (media / "documents" / "invoice" / "R-2026-0001.pdf").write_bytes(b"%PDF-1.7 invoice")
    backups = tmp_path / "backups"

    made = script(
        "backup.sh", DATABASE_URL=_database_url(), BACKUP_DIR=str(backups), MEDIA_DIR=str(media)
    )
    assert made.returncode == 0, made.stderr
    [dump] = backups.glob("cestmoi-*.dump")
    [archive] = backups.glob("media-*.tar.gz")
    assert not list(backups.glob(".*partial"))

    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    restored = script(
        "restore.sh",
        str(dump),
        str(archive),
        DATABASE_URL=empty_database,
        MEDIA_DIR=str(restored_media),
    )
    assert restored.returncode == 0, restored.stderr

    assert tables_of(empty_database) == tables_of(_database_url())
    with psycopg.connect(empty_database) as connection:
        name, stock, price = connection.execute(
            "SELECT p.name, v.stock, v.price FROM catalog_variant v"
            " JOIN catalog_product p ON p.id = v.product_id WHERE v.id = %s",
            [variant.pk],
        ).fetchone()
        migrations = connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert (name, stock, str(price)) == ("Luna ring", 4, "7300.00")
    assert migrations > 0
    invoice = restored_media / "documents" / "invoice" / "R-2026-0001.pdf"
    assert invoice.read_bytes() == b"%PDF-1.7 invoice"


@pytest.mark.django_db(transaction=True)
def test_a_broken_backup_is_refused_and_changes_nothing(tmp_path, empty_database):
    broken = tmp_path / "cestmoi-broken.dump"
    broken.write_bytes(b"PGDMP not really")
    result = script("restore.sh", str(broken), DATABASE_URL=empty_database)
    assert result.returncode != 0
    assert tables_of(empty_database) == set()


@pytest.mark.django_db(transaction=True)
def test_backups_older_than_the_kept_days_are_deleted(tmp_path):
    backups = tmp_path / "backups"
    backups.mkdir()
    now = time.time()
    ages = {"cestmoi-old.dump": 8, "media-old.tar.gz": 8, "cestmoi-recent.dump": 2}
    for name, days in ages.items():
        (backups / name).write_bytes(b"x")
        os.utime(backups / name, (now - days * DAY, now - days * DAY))
    (backups / "notes.txt").write_text("not a backup")
    os.utime(backups / "notes.txt", (now - 30 * DAY, now - 30 * DAY))

    result = script(
        "backup.sh", DATABASE_URL=_database_url(), BACKUP_DIR=str(backups), BACKUP_KEEP_DAYS="7"
    )
    assert result.returncode == 0, result.stderr
    left = {path.name for path in backups.iterdir()}
    assert "cestmoi-old.dump" not in left
    assert "media-old.tar.gz" not in left
    assert {"cestmoi-recent.dump", "notes.txt"} <= left
    assert len([name for name in left if name.startswith("cestmoi-2")]) == 1  # today's
