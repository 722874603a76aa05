# An exact release of the base image (no floating tag): rebuilt images get the same Python and
# Debian until the tag is changed on purpose (README, "Pinned images").
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=peerhub.settings.production

RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

WORKDIR /app

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Production settings require SECRET_KEY and ALLOWED_HOSTS; these dummy values
# exist only for this build step and are not part of the image environment.
RUN SECRET_KEY=collectstatic-only-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
    ALLOWED_HOSTS=localhost EMAIL_URL=dummymail:// \
    python manage.py collectstatic --noinput

# Code and collected static files stay root-owned (read-only for the app user).
USER app

EXPOSE 8000

# GET /healthz over plain http: 200 when the database answers (peerhub/healthcheck.py; the
# slim image has no curl).
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-m", "peerhub.healthcheck"]

# Workers: WEB_CONCURRENCY (gunicorn reads it). Logs: LOG_LEVEL, LOG_FORMAT (peerhub/gunicorn.py).
CMD ["gunicorn", "--config", "python:peerhub.gunicorn", "--bind", "0.0.0.0:8000", "peerhub.wsgi:application"]
