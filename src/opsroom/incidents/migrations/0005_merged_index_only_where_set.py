# The index of merged_into only where it is set: SQLite's planner took the full index for
# "not merged" and walked every row (bench/compstat.py, docs/stats.md). The old index is
# dropped by name rather than by AlterField, which on SQLite would copy the whole table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0004_type_groups_and_stats_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='incident',
                    name='merged_into',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='incidents.incident'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "incidents_incident_merged_into_id_75509a6d"',
                    reverse_sql='CREATE INDEX "incidents_incident_merged_into_id_75509a6d" '
                                'ON "incidents_incident" ("merged_into_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('merged_into__isnull', False)), fields=['merged_into'], name='incidents_merged_into_idx'),
        ),
    ]
