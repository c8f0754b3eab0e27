"""Federal programmes a partnership can belong to (created by migration 0003; the demo re-creates them)."""

PROGRAMMES = [
    ("Bildung integriert", "bildung-integriert"),
    ("Lernen vor Ort", "lernen-vor-ort"),
    ("Kommunale Koordinierung der Bildungsangebote für Neuzugewanderte", "kommunale-koordinierung"),
]
