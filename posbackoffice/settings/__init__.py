"""Settings for local use and the embedded default (`make run`): everything comes from the environment."""
from .base import *  # noqa: F401,F403
