from django.db import migrations, models

from saola.core.text import fold

BATCH = 2000


def fill(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    batch = []
    for dossier in Dossier.objects.only("id", "applicant_name").iterator(chunk_size=BATCH):
        dossier.applicant_folded = fold(dossier.applicant_name)
        batch.append(dossier)
        if len(batch) == BATCH:
            Dossier.objects.bulk_update(batch, ["applicant_folded"])
            batch = []
    if batch:
        Dossier.objects.bulk_update(batch, ["applicant_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_counter_refusal"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="applicant_folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
