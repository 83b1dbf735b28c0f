"""Settings for the served benchmark (bench/throughput.py): the production settings, plus the floor.

Everything else comes from the environment exactly as in production (DEBUG off, a generated
SECRET_KEY, ALLOWED_HOSTS, a collected STATIC_ROOT…); only the URLs differ, by one bare view.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
