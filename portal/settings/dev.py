"""Local development: debug pages on, mails written to files under sent-mail/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_USERS = env.bool("DEMO_USERS", default=True)
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
