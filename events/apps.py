from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from portal import health
        from portal.admin_site import register_start_section
        from portal.outbox import register_outbox
        from portal.search import register_source
        from portal.sitemaps import register_sitemap

        from . import start_page
        from .registration import mail
        from .search import EVENTS
        from .sitemaps import EventSitemap

        register_start_section(template="admin/events/start_section.html", context=start_page.context)
        health.register_figure("mail_queue", mail.due_count)
        register_outbox(mail.queue_plain)
        register_source(EVENTS)
        register_sitemap("veranstaltungen", EventSitemap)
