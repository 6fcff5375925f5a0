"""Seed the default notification texts so administrators find them in the admin at once."""

from django.db import migrations

from saola.core.notification_texts import DEFAULT_TEMPLATES


def seed(apps, schema_editor):
    NotificationTemplate = apps.get_model("core", "NotificationTemplate")
    for key, channel, language, subject, body in DEFAULT_TEMPLATES:
        NotificationTemplate.objects.get_or_create(
            key=key, channel=channel, language=language, defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_notifications")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
