from django import forms, template

from qms.agencies.widgets import SearchablePicker

register = template.Library()


@register.filter
def widget_class(field) -> str:
    """The Bootstrap class a bound field's widget wants."""
    widget = field.field.widget
    if isinstance(widget, SearchablePicker):
        return "picker"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "multi"
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


@register.simple_tag
def render_widget(field, css_class: str):
    invalid = " is-invalid" if field.errors else ""
    return field.as_widget(attrs={"class": css_class + invalid})
