"""Public pages of the press releases: list, detail, preview and attachment downloads."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from agencies.downloads import file_response
from agencies.press import selectors as press_selectors
from portal.filtering import render_filtered_list
from portal.page_cache import cached_page
from portal.secret_pages import secret_page

from .models import PressRelease

PAGE_SIZE = 20


@cached_page
def press_release_list(request):
    filterset = press_selectors.press_release_filterset(data=request.GET)
    return render_filtered_list(
        request,
        "agencies/press/release_list.html",
        filterset,
        items_name="releases",
        page_size=PAGE_SIZE,
        items=press_selectors.press_release_list_ids(filterset),
        present=press_selectors.press_releases_of,
        form_template="agencies/press/includes/filter_form.html",
    )


@cached_page
def press_release_detail(request, slug):
    release = press_selectors.press_release_detail(slug=slug)
    if release is None:
        raise Http404("No public press release with this address.")
    if release.status == PressRelease.Status.WITHDRAWN:
        return render(request, "agencies/press/release_withdrawn.html", {"release": release}, status=410)
    return render(request, "agencies/press/release_detail.html", {"release": release})


# The preview has no forms of its own, so it can withhold its address even from the portal.
@secret_page(referrer_policy="no-referrer")
def press_release_preview(request, token):
    release = press_selectors.press_release_preview(token=token)
    if release is None:
        raise Http404("Unknown or revoked preview link.")
    return render(request, "agencies/press/release_detail.html", {"release": release, "preview_token": token})


def attachment_download(request, slug, pk):
    release = press_selectors.press_release_detail(slug=slug)
    if release is None or release.status == PressRelease.Status.WITHDRAWN:
        raise Http404("No public press release with this address.")
    attachment = get_object_or_404(release.attachments.all(), pk=pk)
    return file_response(attachment.file, filename_stem=f"{release.slug}-{attachment.pk}")


@secret_page(referrer_policy="no-referrer")
def preview_attachment_download(request, token, pk):
    release = press_selectors.press_release_preview(token=token)
    if release is None:
        raise Http404("Unknown or revoked preview link.")
    attachment = get_object_or_404(release.attachments.all(), pk=pk)
    return file_response(attachment.file, filename_stem=f"{release.slug}-{attachment.pk}")
