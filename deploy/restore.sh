#!/bin/sh
# Restore a backup made by deploy/backup.sh into the database DATABASE_URL names, replacing
# what is there (stop web, worker and beat first: README, "Backups and restore").
#   DATABASE_URL=postgres://… deploy/restore.sh /backups/cestmoi-20261205T031500Z.dump [media.tar.gz]
# With a media archive and MEDIA_DIR set, the files are unpacked into MEDIA_DIR as well.
set -eu

: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
dump="${1:?name the .dump file to restore}"
media="${2:-}"
[ -f "$dump" ] || { echo "restore: no file $dump" >&2; exit 1; }

# One transaction: a restore that fails half-way leaves the database as it was.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname "$DATABASE_URL" "$dump"
echo "restore: database restored from $dump"

if [ -n "$media" ]; then
  : "${MEDIA_DIR:?set MEDIA_DIR to unpack the media archive into}"
  tar -xzf "$media" -C "$MEDIA_DIR"
  echo "restore: media restored from $media into $MEDIA_DIR"
fi
