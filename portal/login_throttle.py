"""The page an admin login gets once django-axes has locked it out (settings: ``AXES_*``)."""

import math

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429  # Too Many Requests


def lockout_response(request, original_response=None, credentials=None):
    """Render the admin login page's frame with why the login is refused and what to do about it.

    Axes' own answer is one English sentence without the admin's layout; staff need to read when
    they may try again and whom to ask sooner.
    """
    context = {
        **admin.site.each_context(request),
        "title": _("Anmeldung vorübergehend gesperrt"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
        "portal_team_email": settings.PORTAL_TEAM_EMAIL,
    }
    return render(request, "admin/lockout.html", context, status=LOCKED_OUT_STATUS)
