"""The events section of the admin start page: upcoming events with their fill level, open approvals,
waiting lists and the registrations of the last eight weeks as a bar chart (SVG plus the same table).

Counts only, never a participant's name: editors see this section too. Registered with the portal's
admin site in ``EventsConfig.ready``.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from agencies.admin_scope import managed_agencies

from . import selectors

CHART_WIDTH = 480
CHART_HEIGHT = 160
CHART_LABELS = 24  # room below the bars for the week labels


@dataclass(frozen=True)
class Fill:
    """Seats held of a mode's capacity (capacity None: unlimited)."""

    held: int
    capacity: int | None

    @property
    def percent(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.held / self.capacity)


def _fills(event) -> dict:
    options = getattr(event, "registration_options", None)
    if options is None:
        return {}
    fills = {}
    if event.has_on_site_part:
        fills["on_site"] = Fill(event.seats_on_site_held, options.on_site_capacity)
    if event.has_online_part:
        fills["online"] = Fill(event.seats_online_held, options.online_capacity)
    return fills


def weekly_chart(weeks) -> dict:
    """Return bar geometry for ``weeks`` ((Monday, count) pairs): one bar per week, labelled."""
    highest = max((count for _monday, count in weeks), default=0) or 1
    slot = CHART_WIDTH / max(len(weeks), 1)
    plot = CHART_HEIGHT - CHART_LABELS
    bars = []
    for index, (monday, count) in enumerate(weeks):
        height = round(plot * count / highest, 1)
        bars.append(
            {
                "monday": monday,
                "count": count,
                "x": round(index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(plot - height, 1),
                "height": height,
                "label_x": round(index * slot + slot / 2, 1),
                "value_y": round(max(plot - height - 4, 10), 1),
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "label_y": CHART_HEIGHT - 6}


def context(request) -> dict:
    """Return the section's figures for the signed-in staff member."""
    now = timezone.now()
    user = request.user
    weeks = selectors.staff_registrations_per_week(user=user, now=now)
    return {
        "events": [
            {"event": event, "fills": _fills(event)} for event in selectors.staff_upcoming(user=user, now=now)
        ],
        "totals": selectors.staff_totals(user=user, now=now),
        "weeks": weeks,
        "chart": weekly_chart(weeks),
        "weeks_total": sum(count for _monday, count in weeks),
        # The funder report names no one, but it is the managers' tool (as the participants pages are).
        "reports_url": reverse("admin:events_event_reports")
        if user.is_superuser or managed_agencies(user).exists()
        else "",
    }
