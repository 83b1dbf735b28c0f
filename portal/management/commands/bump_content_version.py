from django.core.management.base import BaseCommand

from portal.core.content_version import bump_content_version, current_version


class Command(BaseCommand):
    help = (
        "Make every cached page out of date at once, on every server: run it after deploying new "
        "templates or code, or after changing public content with SQL."
    )

    def handle(self, *args, **options):
        bump_content_version()
        self.stdout.write(f"Content version is now {current_version()}.")
