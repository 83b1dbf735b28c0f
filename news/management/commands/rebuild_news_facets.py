from django.core.management.base import BaseCommand

from news.facets import rebuild


class Command(BaseCommand):
    help = (
        "Recount the news list's filter counts from every published post. Saves through the site and "
        "the admin keep them up to date; run this after writing posts in bulk (bulk_create, update)."
    )

    def handle(self, *args, **options):
        posts = rebuild()
        self.stdout.write(f"News filter counts rebuilt from {posts} visible posts.")
