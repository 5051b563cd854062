# The production image: web (gunicorn), Celery worker and Celery beat all run from it
# (see docker-compose.yml). Configuration comes from the environment, as everywhere else.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=posbackoffice.settings.production

WORKDIR /app

# Dependencies first, pinned by requirements.lock, so that a code change does not reinstall them.
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > /tmp/requirements.txt \
    && pip install -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/staticfiles \
    && chown app:app /app/staticfiles
USER app

EXPOSE 8000
# Threads, timeouts, limits and logging: gunicorn.conf.py, the one server configuration.
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
