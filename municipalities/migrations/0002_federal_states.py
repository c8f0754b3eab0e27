from django.db import migrations

from municipalities.states import FEDERAL_STATES


def create_states(apps, schema_editor):
    FederalState = apps.get_model("municipalities", "FederalState")
    for code, name, slug in FEDERAL_STATES:
        FederalState.objects.update_or_create(code=code, defaults={"name": name, "slug": slug})


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(create_states, migrations.RunPython.noop)]
