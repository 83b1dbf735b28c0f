from django.core.management.base import BaseCommand

from portal.site.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the starter content: real partners and the 2016 Qingdao article, plus made-up demo posts, "
        "events and agreements (marked is_demo). Safe to run again: unchanged rows are left alone."
    )

    def handle(self, *args, **options):
        """Run the loader and print its one-line report."""
        report = load_demo()
        self.stdout.write(self.style.SUCCESS(str(report)))
