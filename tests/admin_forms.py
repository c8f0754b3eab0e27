"""Submit admin change forms in tests as the browser would, and read back the errors they show."""

from django.forms import MultiWidget


def form_data(response):
    """Return the POST data of an admin change form exactly as the page filled it in."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, MultiWidget):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif value is None or value is False:
                continue
            elif value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = str(value)
    return data


def errors_of(response):
    """Return the form and inline errors the admin shows (empty: it saved)."""
    assert response.status_code == 200, "the admin accepted the forged value (redirected after saving)"
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        errors.update(
            {f"{inline.formset.prefix}:{k}": v for e in inline.formset.errors for k, v in e.items()}
        )
        if inline.formset.non_form_errors():
            errors[inline.formset.prefix] = inline.formset.non_form_errors()
    return errors
