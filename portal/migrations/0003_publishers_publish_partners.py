from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "International Relations Office: publishers"
# Partner profiles are public like news and events: publishing them is the publishers' right too.
PERMISSIONS = {"partners": ["publish_partner"]}


def grant(apps, schema_editor):
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


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="partners", codename="publish_partner")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_iro_publishers_group"),
        ("partners", "0006_partner_status"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
