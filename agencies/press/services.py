"""Writes of the press workflow: publish, schedule, withdraw, preview links.

Every function takes keyword arguments, checks its rule, saves in one transaction
and records who did it in the audit trail (``agencies.pressrelease.<verb>``).
"""

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from agencies.press.exceptions import (
    AlreadyPublic,
    NotScheduled,
    NotWithdrawable,
    PreviewNotAvailable,
    ScheduleInPast,
)
from portal import audit

from .models import PressRelease

Status = PressRelease.Status


def _is_visible(release: PressRelease, now: datetime) -> bool:
    # Ask the one rule (the queryset) instead of re-stating it here.
    return PressRelease.objects.visible(now=now).filter(pk=release.pk).exists()


def _record(*, release: PressRelease, by, action: str, changes=None) -> None:
    # Scheduled jobs (by=None) are recorded too: the trail says the system published it.
    audit.record(
        action=f"agencies.pressrelease.{action}",
        obj=release,
        actor=by,
        agency_id=release.agency_id,
        changes=changes,
    )


@transaction.atomic
def press_release_publish(*, release: PressRelease, by=None, now: datetime | None = None) -> PressRelease:
    """Publish the release now (or keep an earlier date it already carries) and end its preview link."""
    now = now or timezone.now()
    if _is_visible(release, now):
        raise AlreadyPublic()
    before = release.status
    release.status = Status.PUBLISHED
    if release.published_at is None or release.published_at > now:
        release.published_at = now
    release.withdrawn_at = None
    release.preview_token = None
    release.full_clean()
    release.save()
    _record(release=release, by=by, action="published", changes={"status": [before, release.status]})
    return release


@transaction.atomic
def press_release_schedule(
    *, release: PressRelease, at: datetime | None, by=None, now: datetime | None = None
) -> PressRelease:
    """Schedule the release to appear at ``at``; the visibility query lets it appear then."""
    now = now or timezone.now()
    if at is None or at <= now:
        raise ScheduleInPast()
    if _is_visible(release, now):
        raise AlreadyPublic()
    before = release.status
    release.status = Status.SCHEDULED
    release.published_at = at
    release.withdrawn_at = None
    release.full_clean()
    release.save()
    _record(release=release, by=by, action="scheduled", changes={"status": [before, release.status]})
    return release


@transaction.atomic
def press_release_unschedule(*, release: PressRelease, by=None, now: datetime | None = None) -> PressRelease:
    """Turn a scheduled release that has not appeared yet back into a draft."""
    now = now or timezone.now()
    if release.status != Status.SCHEDULED or _is_visible(release, now):
        raise NotScheduled()
    before = release.status
    release.status = Status.DRAFT
    release.full_clean()
    release.save()
    _record(release=release, by=by, action="unscheduled", changes={"status": [before, release.status]})
    return release


@transaction.atomic
def press_release_withdraw(
    *, release: PressRelease, note: str = "", by=None, now: datetime | None = None
) -> PressRelease:
    """Withdraw a public release: its address then answers 410 Gone, lists and feeds drop it."""
    now = now or timezone.now()
    if not _is_visible(release, now):
        raise NotWithdrawable()
    before = release.status
    release.status = Status.WITHDRAWN
    release.withdrawn_at = now
    if note:
        release.withdrawal_note = note
    release.preview_token = None
    release.full_clean()
    release.save()
    _record(release=release, by=by, action="withdrawn", changes={"status": [before, release.status]})
    return release


@transaction.atomic
def preview_link_create(*, release: PressRelease, by=None, now: datetime | None = None) -> str:
    """Give a release that is not public yet a new preview token (an older one stops working)."""
    now = now or timezone.now()
    if release.status not in (Status.DRAFT, Status.SCHEDULED) or _is_visible(release, now):
        raise PreviewNotAvailable()
    release.preview_token = secrets.token_urlsafe(32)
    release.save(update_fields=["preview_token", "updated_at"])
    _record(release=release, by=by, action="preview_link_created")
    return release.preview_token


@transaction.atomic
def preview_link_revoke(*, release: PressRelease, by=None) -> PressRelease:
    """Revoke the release's preview link; its address answers 404 from now on."""
    release.preview_token = None
    release.save(update_fields=["preview_token", "updated_at"])
    _record(release=release, by=by, action="preview_link_revoked")
    return release
