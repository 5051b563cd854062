import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# As a deployment sets it (.env.example): a random key of 50 characters, not Django's default.
SAFE_KEY = "q8Zr-Vd2kW9sLm4pXa7TnE1cYb6uHj3fGo5iRw0eKt8yNz2vSx"
PRODUCTION_ENV = {"DEBUG": "false", "SECRET_KEY": SAFE_KEY, "ALLOWED_HOSTS": "backoffice.example.com"}


def _run(args, env, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env}
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def _import_production_settings(env, tmp_path):
    code = "import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']='posbackoffice.settings.production'; django.conf.settings.INSTALLED_APPS"
    return _run(["-c", code], env, tmp_path)


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "SECRET_KEY": SAFE_KEY}, "DEBUG must be off"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": SAFE_KEY[:40]}, "at least 50 characters"),
        ({"DEBUG": "false", "SECRET_KEY": "k" * 50}, "SECRET_KEY"),
    ],
)
def test_production_settings_refuse_unsafe_values(overrides, complaint, tmp_path):
    result = _import_production_settings(overrides, tmp_path)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_settings_accept_safe_values(tmp_path):
    result = _import_production_settings({"DEBUG": "false", "SECRET_KEY": SAFE_KEY}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_deployment_checklist_finds_nothing_in_production(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING", "--settings", "posbackoffice.settings.production"],
        PRODUCTION_ENV,
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("module", ["posbackoffice.wsgi", "posbackoffice.asgi"])
def test_servers_load_the_production_settings_unless_told_otherwise(module, tmp_path):
    code = f"import {module}; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"

    served = _run(["-c", code], PRODUCTION_ENV, tmp_path)
    careless = _run(["-c", code], {}, tmp_path)

    assert served.stdout.split() == ["posbackoffice.settings.production", "False"], served.stderr
    assert careless.returncode != 0 and "DEBUG must be off" in careless.stderr


def test_manage_py_keeps_the_local_settings(tmp_path):
    result = _run(["manage.py", "diffsettings", "--all"], {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE = 'posbackoffice.settings'" in result.stdout
    assert "DEBUG = True" in result.stdout


@pytest.mark.django_db
def test_database_is_reachable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize("redis_url, engine", [("redis://127.0.0.1:6379/0", "cached_db"), ("", "db")])
def test_sessions_are_read_from_redis_when_there_is_one(redis_url, engine, tmp_path):
    code = ("import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']='posbackoffice.settings.production'; "
            "print(django.conf.settings.SESSION_ENGINE)")
    result = _run(["-c", code], {**PRODUCTION_ENV, "REDIS_URL": redis_url}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"django.contrib.sessions.backends.{engine}"
