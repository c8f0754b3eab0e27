from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the public pages show (portal/page_cache/): a change makes every cached page stale.
PUBLIC_CONTENT = (
    "Event",
    "ProgrammeItem",
    "Speaker",
    "Material",
    "Venue",
    "Series",
    "Topic",
    "TargetGroup",
    "RegistrationOptions",
)


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from portal import health
        from portal.admin_site import register_start_section
        from portal.outbox import register_outbox
        from portal.page_cache import bump_on_change, register_scheduled_change
        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from . import selectors as event_selectors
        from . import start_page
        from .registration import mail
        from .search import EVENTS
        from .sitemaps import EventSitemap

        register_start_section(template="admin/events/start_section.html", context=start_page.context)
        health.register_figure("mail_queue", mail.due_count)
        register_outbox(mail.queue_plain)
        bump_on_change(*(self.get_model(name) for name in PUBLIC_CONTENT))
        register_scheduled_change(event_selectors.next_public_moment)
        register_source(EVENTS)
        register_sitemap("veranstaltungen", EventSitemap)
