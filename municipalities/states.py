"""The sixteen Bundesländer with their official two-digit keys (Länderschlüssel)."""

FEDERAL_STATES = [
    ("01", "Schleswig-Holstein", "schleswig-holstein"),
    ("02", "Hamburg", "hamburg"),
    ("03", "Niedersachsen", "niedersachsen"),
    ("04", "Bremen", "bremen"),
    ("05", "Nordrhein-Westfalen", "nordrhein-westfalen"),
    ("06", "Hessen", "hessen"),
    ("07", "Rheinland-Pfalz", "rheinland-pfalz"),
    ("08", "Baden-Württemberg", "baden-wuerttemberg"),
    ("09", "Bayern", "bayern"),
    ("10", "Saarland", "saarland"),
    ("11", "Berlin", "berlin"),
    ("12", "Brandenburg", "brandenburg"),
    ("13", "Mecklenburg-Vorpommern", "mecklenburg-vorpommern"),
    ("14", "Sachsen", "sachsen"),
    ("15", "Sachsen-Anhalt", "sachsen-anhalt"),
    ("16", "Thüringen", "thueringen"),
]


def ensure_federal_states(federal_state_model):
    """Create or update the sixteen rows; takes the model so data migrations can pass theirs."""
    for code, name, slug in FEDERAL_STATES:
        federal_state_model.objects.update_or_create(code=code, defaults={"name": name, "slug": slug})
