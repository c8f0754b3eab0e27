from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_audit_trail'),
    ]

    operations = [
        migrations.CreateModel(
            name='Heartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='Name')),
                ('beat_at', models.DateTimeField(verbose_name='Zuletzt aktiv')),
            ],
            options={
                'verbose_name': 'Lebenszeichen',
                'verbose_name_plural': 'Lebenszeichen',
                'ordering': ['name'],
            },
        ),
    ]
