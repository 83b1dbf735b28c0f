# Agreement documents leave the public media folder (served to anyone, under their original,
# guessable names) for the private storage, under random names. The old files are deleted only
# once the migration has committed.

import logging
import os
import re
import uuid

from django.core.files.storage import storages
from django.db import migrations, transaction

import portal.core.documents

logger = logging.getLogger(__name__)


def _extension(name, content):
    """".pdf" for a real PDF; otherwise the old file's own extension, so that nothing is mislabelled."""
    if content.startswith(b"%PDF-"):
        return ".pdf"
    extension = os.path.splitext(name)[1].lower()
    return extension if re.fullmatch(r"\.[a-z0-9]{1,8}", extension) else ""


def _move(apps, source, target, new_name):
    Agreement = apps.get_model("partners", "Agreement")
    moved = []
    for pk, old in Agreement.objects.exclude(document="").values_list("pk", "document").iterator():
        if not source.exists(old):
            logger.warning("Agreement %s: its document %s is missing; the field is emptied.", pk, old)
            Agreement.objects.filter(pk=pk).update(document="")
            continue
        with source.open(old) as file:
            head = file.read(1024)
            file.seek(0)
            new = target.save(new_name(old, head), file)
        if not head.startswith(b"%PDF-"):
            logger.warning("Agreement %s: its document %s is not a PDF; upload it again as PDF.", pk, old)
        Agreement.objects.filter(pk=pk).update(document=new)
        moved.append(old)
    transaction.on_commit(lambda: [source.delete(name) for name in moved])


def to_private_storage(apps, schema_editor):
    _move(
        apps,
        storages["default"],
        portal.core.documents.private_storage(),
        lambda old, head: f"agreements/{uuid.uuid4().hex}{_extension(old, head)}",
    )


def to_public_media(apps, schema_editor):
    _move(
        apps,
        portal.core.documents.private_storage(),
        storages["default"],
        lambda old, head: f"agreements/{os.path.basename(old)}",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0006_partner_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='agreement',
            name='document',
            field=portal.core.documents.PrivateDocumentField(blank=True, help_text="The signed text as a PDF file. Visitors can download it only if the agreement is public; an internal agreement's document is for the office's staff.", storage=portal.core.documents.private_storage, upload_to=portal.core.documents.UnguessableName('agreements'), verbose_name='document'),
        ),
        migrations.RunPython(to_private_storage, to_public_media),
    ]
