#!/bin/sh
# One backup of the shop: the PostgreSQL database (pg_dump, custom format) and, when MEDIA_DIR
# is set, the uploaded and generated files (product photos, invoices and other documents the
# shop must keep). Deletes this folder's backups older than BACKUP_KEEP_DAYS days.
#   DATABASE_URL=postgres://user:pass@host:5432/cestmoi BACKUP_DIR=/backups deploy/backup.sh
# The compose file's `backup` service runs it every BACKUP_INTERVAL_HOURS hours.
set -eu

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"

# Written under a temporary name and renamed once complete: a file named *.dump is never half.
pg_dump --format=custom --no-owner --no-privileges --file "$BACKUP_DIR/.cestmoi-$stamp.partial" "$DATABASE_URL"
mv "$BACKUP_DIR/.cestmoi-$stamp.partial" "$BACKUP_DIR/cestmoi-$stamp.dump"
echo "backup: database saved to $BACKUP_DIR/cestmoi-$stamp.dump"

if [ -n "${MEDIA_DIR:-}" ]; then
  tar -czf "$BACKUP_DIR/.media-$stamp.partial" -C "$MEDIA_DIR" .
  mv "$BACKUP_DIR/.media-$stamp.partial" "$BACKUP_DIR/media-$stamp.tar.gz"
  echo "backup: media saved to $BACKUP_DIR/media-$stamp.tar.gz"
fi

find "$BACKUP_DIR" -maxdepth 1 \( -name 'cestmoi-*.dump' -o -name 'media-*.tar.gz' \) \
  -mtime "+$((BACKUP_KEEP_DAYS - 1))" -print -delete | sed 's/^/backup: deleted old /'
find "$BACKUP_DIR" -maxdepth 1 -name '.*.partial' -mmin +720 -delete
