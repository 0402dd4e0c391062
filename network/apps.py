from django.apps import AppConfig


class NetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "network"
    verbose_name = "Netwerk"

    def ready(self):
        from home.editorial.page_deletion import register_delete_guard
        from home.mail import register_moved_path
        from home.permissions import EDITORS, NETWORK_MANAGERS, register_page_grants
        from home.personal import register_holder
        from home.retention import register_purger
        from home.site.navigation import register_section
        from home.site.sections import register_home_section
        from network import signals  # noqa: F401
        from network.attendance import certificates
        from network.members import signin
        from network.members.holders import HOLDERS
        from network.registrations.guards import event_delete_guard
        from network.registrations.retention import purge

        # Mails queued before the calendar module moved into network/events/ still name the old path.
        register_moved_path("network.ical.calendar_attachment_for", "network.events.ical.calendar_attachment_for")
        register_purger(purge)
        register_purger(signin.purge)
        register_purger(certificates.purge)
        for holder in HOLDERS:
            register_holder(holder)
        register_delete_guard(event_delete_guard)
        register_section("network", "network.NetworkPage")
        register_section("agenda", "network.EventIndexPage")
        register_section("my_network", "network.NetworkPage", route="mine", crawl=False)
        register_home_section("network/includes/home_agenda.html", order=20)
        # Network managers run the network page and the agenda; editors write events too.
        manage = ["add_page", "change_page", "publish_page"]
        register_page_grants("network.NetworkPage", {NETWORK_MANAGERS: manage})
        register_page_grants("network.EventIndexPage", {EDITORS: ["add_page", "change_page"], NETWORK_MANAGERS: manage})
