"""The agency scope of the admin: staff work on their own agencies' content, superusers on all."""

from .models import Agency


def scoped_agencies(request):
    """Return the agencies whose content the signed-in staff member may see and edit."""
    if request.user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(members=request.user)


class AgencyScopedAdmin:
    """Show staff only the objects of the agencies they belong to; superusers see everything.

    Objects outside the scope are missing from the list and their change pages answer "not
    found". Foreign keys to an agency, or to something that belongs to one, offer only choices
    inside the scope.
    """

    # The path from the model to its agency, e.g. "event__agency" for a registration.
    agency_lookup = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.agency_lookup}__in": scoped_agencies(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Agency:
            kwargs["queryset"] = scoped_agencies(request)
        elif _belongs_to_agency(related):
            queryset = related._default_manager.filter(agency__in=scoped_agencies(request))
            kwargs["queryset"] = queryset.select_related("agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _belongs_to_agency(model):
    """Return whether ``model`` has an ``agency`` foreign key (contact persons, venues, series, ...)."""
    field = next((f for f in model._meta.concrete_fields if f.name == "agency"), None)
    return field is not None and field.related_model is Agency
