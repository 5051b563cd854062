import subprocess
import sys

import pytest
from django.db import connection


def _import_production_settings(env):
    code = "import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']='posbackoffice.settings.production'; django.conf.settings.INSTALLED_APPS"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "SECRET_KEY": "x" * 50}, "DEBUG must be off"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY"),
    ],
)
def test_production_settings_refuse_unsafe_values(overrides, complaint, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **overrides}
    result = _import_production_settings(env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_settings_accept_safe_values(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DEBUG": "false", "SECRET_KEY": "k" * 50}
    result = _import_production_settings(env)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_database_is_reachable():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
