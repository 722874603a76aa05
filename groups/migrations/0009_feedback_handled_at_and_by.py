"""Feedback can be marked as handled: when, and by which coordinator.

Two nullable columns, added empty: every existing piece of feedback starts as not yet handled
(it shows on the dashboard until a coordinator marks it). Reversible: migrating back to 0008
drops both columns, and with them only who handled what.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0008_one_line_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="groupfeedback",
            name="handled_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="groupfeedback",
            name="handled_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
