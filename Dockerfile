FROM python:3.11-slim

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
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

# Code and collected static files stay root-owned (read-only for the app user).
USER app

EXPOSE 8000

CMD ["sh", "-c", "exec gunicorn peerhub.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
