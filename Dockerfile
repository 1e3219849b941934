FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONPATH=/app
# WeasyPrint renders PDFs with Pango; DejaVu fonts cover Serbian Latin (č ć ž š đ).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The shop runs as this user, with a fixed uid so that the volumes it writes (media, static)
# keep one owner across rebuilds and hosts; the code itself stays root's and read-only to it.
ARG APP_UID=10001
RUN groupadd --gid "$APP_UID" shop \
    && useradd --uid "$APP_UID" --gid shop --no-create-home --shell /usr/sbin/nologin shop

WORKDIR /app
# Exactly the locked versions, checked against their hashes (bin/lock writes the file).
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

COPY . .
# var/ holds what the shop writes: media (a volume; a new volume copies this owner) and the
# collected static files. collectstatic needs settings that load: a throwaway key, only here.
RUN mkdir -p /app/var/media /app/var/static \
    && DJANGO_DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R shop:shop /app/var

USER shop
EXPOSE 8000
CMD ["gunicorn", "cestmoi.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
