"""Films hosted elsewhere: which provider, and the address to embed once the visitor agrees."""

import re
from urllib.parse import parse_qs, urlsplit

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def external_film(url: str) -> dict:
    """Return ``{"provider": ..., "embed_url": ...}`` for an external film address.

    Only YouTube (through its no-cookie domain) and Vimeo get an embed address; for any other
    host ``embed_url`` is empty and the page offers a plain link instead.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/")):
            video_id = parts.path.split("/")[2]
        if _VIDEO_ID.match(video_id):
            return {"provider": "YouTube", "embed_url": f"https://www.youtube-nocookie.com/embed/{video_id}"}
        return {"provider": "YouTube", "embed_url": ""}
    if host == "youtu.be":
        video_id = parts.path.strip("/")
        embed = f"https://www.youtube-nocookie.com/embed/{video_id}" if _VIDEO_ID.match(video_id) else ""
        return {"provider": "YouTube", "embed_url": embed}
    if host in ("vimeo.com", "player.vimeo.com"):
        video_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        embed = f"https://player.vimeo.com/video/{video_id}?dnt=1" if video_id.isdigit() else ""
        return {"provider": "Vimeo", "embed_url": embed}
    return {"provider": host, "embed_url": ""}
