"""docker-compose.yml declares every service the production settings need.

No Docker engine runs here, so the file is read as Compose would read it: YAML, then
`${VAR}` interpolation from `.env`. The production settings are then loaded, in a separate
process, with each application service's environment.
"""
import json
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from celery.app.utils import find_app
from django.core.management import get_commands
from django.urls import resolve

from posbackoffice.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
APP_SERVICES = ["web", "worker", "beat", "bridge"]
# A production .env, as an operator would write it from .env.example.
DOTENV = {
    "SECRET_KEY": "q8Zr-Vd2kW9sLm4pXa7TnE1cYb6uHj3fGo5iRw0eKt8yNz2vSx",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "backoffice.example.com",
    "POSTGRES_PASSWORD": "s3cret",
}
_VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}")


def interpolate(text, variables):
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}` substitution; `$$` is a literal `$`."""

    def substitute(match):
        name, op, arg = match.group("name", "op", "arg")
        if variables.get(name):
            return variables[name]
        if op == ":?":
            raise ValueError(f"{name}: {arg}")
        return arg or ""

    return "$".join(_VARIABLE.sub(substitute, part) for part in text.split("$$"))


def load_compose(variables=DOTENV):
    return yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), variables))


def command_words(service):
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else command


def production_settings_in(environment):
    """Selected production settings, as a service with this environment loads them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "db = s.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'host': db['HOST'], 'port': db['PORT'], 'name': db['NAME'], "
        "'broker': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'hosts': s.ALLOWED_HOSTS, "
        "'debug': s.DEBUG}))"
    )
    with tempfile.TemporaryDirectory() as metrics:  # the container's metrics volume, here
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", **environment, "PROMETHEUS_MULTIPROC_DIR": metrics}
        result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def service_environment(service):
    """What the container sees: `.env` (env_file), overridden by `environment`."""
    assert service["env_file"] == ".env"
    return {**DOTENV, **{key: str(value) for key, value in service["environment"].items()}}


def test_compose_declares_the_database_broker_and_application_services():
    services = load_compose()["services"]

    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "bridge"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


@pytest.mark.parametrize("name", ["postgres", "redis", "web", "worker", "beat"])
def test_every_service_has_a_healthcheck(name):
    healthcheck = load_compose()["services"][name]["healthcheck"]

    assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}
    assert len(healthcheck["test"]) > 1


@pytest.mark.parametrize("name", APP_SERVICES)
def test_application_services_load_production_settings_pointing_at_the_compose_services(name):
    compose = load_compose()
    service = compose["services"][name]

    settings = production_settings_in(service_environment(service))

    assert service["build"] == "."
    assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "posbackoffice.settings.production"
    assert settings["engine"] == "django.db.backends.postgresql"
    assert (settings["host"], settings["port"]) == ("postgres", 5432)
    assert settings["name"] == compose["services"]["postgres"]["environment"]["POSTGRES_DB"]
    assert settings["broker"] == "redis://redis:6379/0"
    assert settings["eager"] is False
    assert settings["debug"] is False


def test_web_migrates_collects_static_files_then_serves_with_the_one_gunicorn_configuration():
    web = load_compose()["services"]["web"]
    script = command_words(web)[-1]

    steps = [step.strip() for step in script.split("&&")]

    assert steps[0] == "python manage.py migrate --noinput"
    assert steps[1] == "python manage.py collectstatic --noinput"
    assert steps[2] == "exec gunicorn --config gunicorn.conf.py"
    assert {"postgres", "redis"} <= set(web["depends_on"])


def test_the_image_serves_with_the_same_gunicorn_configuration():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in dockerfile
    assert "ENV" in dockerfile and "DJANGO_SETTINGS_MODULE=posbackoffice.settings.production" in dockerfile


def test_web_healthcheck_asks_the_readiness_endpoint_on_a_host_the_production_settings_serve():
    web = load_compose()["services"]["web"]
    url = re.search(r"http://([\w.]+):8000(/[^']*)", web["healthcheck"]["test"][-1])

    settings = production_settings_in(service_environment(web))

    assert url.group(1) in settings["hosts"]
    assert resolve(url.group(2)).url_name == "health-ready"
    assert "backoffice.example.com" in settings["hosts"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_application_services_share_one_metrics_directory(name):
    compose = load_compose()
    service = compose["services"][name]

    directory = service["environment"]["PROMETHEUS_MULTIPROC_DIR"]

    assert f"metrics:{directory}" in service["volumes"]
    assert compose["volumes"]["metrics"]["driver_opts"]["type"] == "tmpfs"


@pytest.mark.parametrize("name, subcommand", [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_project_celery_app(name, subcommand):
    words = command_words(load_compose()["services"][name])

    assert words[0] == "celery"
    assert find_app(words[words.index("--app") + 1]) is celery_app
    assert subcommand in words


def test_the_bridge_runs_the_websocket_command_for_the_venue_named_in_env_only_when_asked():
    bridge = load_compose()["services"]["bridge"]

    assert bridge["profiles"] == ["bridge"]
    assert command_words(bridge)[-1] == 'exec python manage.py dojo_ws "$DOJO_VENUE"'
    assert "dojo_ws" in get_commands()
    assert "DOJO_VENUE=" in (ROOT / ".env.example").read_text()


def test_compose_refuses_to_start_without_the_required_secrets():
    for required in ["POSTGRES_PASSWORD", "ALLOWED_HOSTS"]:
        with pytest.raises(ValueError, match=required):
            load_compose({**DOTENV, required: ""})


def test_every_variable_compose_reads_is_documented_in_env_example():
    documented = (ROOT / ".env.example").read_text()

    variables = {match.group("name") for match in _VARIABLE.finditer(COMPOSE_FILE.read_text())}

    assert variables
    assert not {name for name in variables if f"{name}=" not in documented}


def test_dockerfile_installs_the_locked_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    assert "pip install -c requirements.lock" in dockerfile
    assert (ROOT / ".dockerignore").read_text().splitlines().count(".env") == 1
