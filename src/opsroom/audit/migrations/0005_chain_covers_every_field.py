# The audit chain covers every stored column; anchors are signed (issue: security, second
# pass).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_auditanchor_clocks_auditanchor_hlc'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditanchor',
            name='signature',
            field=models.CharField(blank=True, default='', max_length=100),
        ),
        # Entries already in the chain were hashed the first way: they keep version 1 and
        # verify as they always did; every entry from now on is version 2.
        migrations.AddField(
            model_name='auditentry',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
