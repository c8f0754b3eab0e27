from django.db import migrations

from municipalities.states import ensure_federal_states


def create_states(apps, schema_editor):
    ensure_federal_states(apps.get_model("municipalities", "FederalState"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(create_states, migrations.RunPython.noop)]
