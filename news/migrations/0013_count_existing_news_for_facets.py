from django.db import migrations


def count_existing_posts(apps, schema_editor):
    from news.facets import rebuild

    rebuild(apps=apps)


class Migration(migrations.Migration):
    """Fill the news list's filter counts from the posts already there."""

    dependencies = [
        ("news", "0012_facet_counts"),
        ("partners", "0009_shared_slug"),
    ]

    operations = [migrations.RunPython(count_existing_posts, migrations.RunPython.noop, elidable=True)]
