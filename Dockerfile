# syntax=docker/dockerfile:1
# The Bürgermobil bot as a container: non-root, the database on a volume, a healthcheck on /health.
#   docker build -t buergermobil .
#   docker run -d --name buergermobil -e BOT_TOKEN=... -v buergermobil-data:/data \
#     -v $PWD/config.yaml:/etc/buergermobil/config.yaml:ro -p 127.0.0.1:8080:8080 buergermobil
# The healthcheck asks the bot's web server (web.host: 0.0.0.0 inside the container, web.port 8080),
# which also carries the webhook (telegram.mode: webhook); with web.enabled off in polling mode
# there is no HTTP server: run with --no-healthcheck.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BUERGERMOBIL_CONFIG=/etc/buergermobil/config.yaml \
    HEALTH_PORT=8080

RUN groupadd --system --gid 10001 buergermobil \
 && useradd --system --uid 10001 --gid buergermobil --home-dir /app --shell /usr/sbin/nologin buergermobil

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY core ./core
COPY faq ./faq
COPY handlers ./handlers
COPY storage ./storage
COPY evaluation ./evaluation
RUN pip install . \
 && mkdir -p /data /etc/buergermobil \
 && chown buergermobil:buergermobil /data
# defaults for the container: database on the volume; the operator's file replaces this one
COPY --chmod=0644 <<'YAML' /etc/buergermobil/config.yaml
storage:
  database: /data/buergermobil.sqlite3
web:
  host: 0.0.0.0
YAML

# numeric, so a host or Kubernetes (runAsNonRoot) can tell it is not root
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
# SIGTERM (docker stop): no new updates, queued ones handled, sessions stored, database closed, exit 0
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ['HEALTH_PORT'], timeout=4)"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
