FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint renders PDFs with Pango; DejaVu fonts cover Serbian Latin (č ć ž š đ).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install . && useradd --create-home shop && mkdir -p /app/var && chown shop /app/var
# collectstatic needs settings that load: a throwaway key, only for this build step.
RUN DJANGO_DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput

USER shop
EXPOSE 8000
CMD ["gunicorn", "cestmoi.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
