from django.shortcuts import render

ITEMS = [f"Eintrag {number}" for number in range(1, 11)]


def page(request):
    """Render one small page from a template, as cheaply as Django can."""
    return render(request, "page.html", {"title": "Untergrenze", "items": ITEMS})
