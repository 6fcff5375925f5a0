"""The document types of Decree 30/2020/NĐ-CP, Phụ lục III (see saola.documents.doctypes)."""

from django.db import migrations


def load_types(apps, schema_editor):
    from saola.documents.doctypes import sync_document_types

    sync_document_types(apps.get_model("documents", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load_types, migrations.RunPython.noop, elidable=False)]
