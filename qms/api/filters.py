import django_filters
from django import forms


class IdFilter(django_filters.NumberFilter):
    """A whole number (an id, a year); django-filter's NumberFilter would accept decimals."""

    field_class = forms.IntegerField
