from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

GROUP = "International Relations Office"

# Written out, not imported: a migration must keep doing what it did when it was written.
PERMISSIONS = {
    "news": {"post", "event", "topic"},
    "partners": {"partner", "membership", "agreement"},
}
ACTIONS = ("add", "change", "delete", "view")


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # sure they exist now so the group can be given them on a fresh database.
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Q(pk__in=[])
    for app_label, models in PERMISSIONS.items():
        for model in models:
            wanted |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in ACTIONS],
            )
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(Permission.objects.filter(wanted))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
