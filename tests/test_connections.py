"""Database connections are reused by default, whichever settings module a process loads."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SETTINGS_MODULES = ["posbackoffice.settings", "posbackoffice.settings.production", "posbackoffice.settings.test", "bench.settings"]


@pytest.mark.parametrize("module", SETTINGS_MODULES)
def test_every_settings_module_reuses_database_connections_with_health_checks(module, tmp_path):
    code = (
        "import json, os, django.conf; os.environ['DJANGO_SETTINGS_MODULE'] = %r; "
        "db = django.conf.settings.DATABASES['default']; print(json.dumps([db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS']]))"
    ) % module
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DEBUG": "false", "SECRET_KEY": "k0123456789" * 5}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr

    max_age, health_checks = json.loads(result.stdout)
    assert max_age >= 60 and health_checks is True
