"""What `make bench` serves: the production settings, plus the two reference endpoints
(`bench/reference.py`), which the project's own URLs never mount."""
from posbackoffice.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "bench.reference"

# The benchmark speaks plain HTTP on loopback, standing in for the TLS proxy: its requests
# carry the proxy's X-Forwarded-Proto header, but not the readiness probe of `serve`.
SECURE_SSL_REDIRECT = False
