"""Demo data: the 401 real Landkreise and kreisfreie Städte from the vendored districts.csv.

The invented partnerships need agencies, so the agencies app's demo loads them
(``agencies/demo_data/partnerships.toml``).
"""

from .services import import_districts, reference_data_ensure


def load():
    """Ensure the reference data and import the vendored districts.csv."""
    reference_data_ensure()
    return import_districts().summary
