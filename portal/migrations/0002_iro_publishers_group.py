from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "International Relations Office: publishers"
# Publishing is a separate right: editors in the office's main group write and
# correct drafts; members of this group also publish, schedule and unpublish.
PERMISSIONS = {"news": ["publish_post", "publish_event"]}


def create_group(apps, schema_editor):
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    for app_label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_iro_group"),
        ("news", "0003_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
