from django.db import migrations

from portal.search import keep_word_statistics


class Migration(migrations.Migration):

    dependencies = [
        ('municipalities', '0006_partnership_agency_since'),
    ]

    operations = [
        keep_word_statistics('municipalities.Municipality'),
    ]
