from django.db import migrations

from portal.search import keep_word_statistics


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0007_search_document'),
    ]

    operations = [
        keep_word_statistics('agencies.PressRelease'),
        keep_word_statistics('agencies.Publication'),
    ]
