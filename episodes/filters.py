"""The listing's filters: topic, guest and date, all in the query string."""

import datetime

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django_filters import fields as filter_fields

from episodes.models import Episode, Guest, Topic


class MonthField(forms.CharField):
    """A month written "2026-05"; returns (year, month)."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM, for example 2026-05."}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        year, _, month = value.partition("-")
        if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(year), int(month)


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        year, month = value
        return qs.filter(**{f"{self.field_name}__year": year, f"{self.field_name}__month": month})


class NoNullsChoiceField(filter_fields.ChoiceField):
    """A choice that says "Null characters are not allowed." rather than echoing a NUL back."""

    def to_python(self, value):
        value = super().to_python(value)
        ProhibitNullCharactersValidator()(value)
        return value


class NoNullsMultipleChoiceField(filter_fields.MultipleChoiceField):
    def to_python(self, value):
        values = super().to_python(value)
        for item in values:
            ProhibitNullCharactersValidator()(item)
        return values


class TopicsFilter(django_filters.MultipleChoiceFilter):
    field_class = NoNullsMultipleChoiceField


class GuestFilter(django_filters.ChoiceFilter):
    field_class = NoNullsChoiceField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DatePicker(forms.DateInput):
    """A browser's date picker. A value that is not a date is not written back into it:
    ``type=date`` could not show it, and it would make the page invalid HTML."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return value


class EpisodeFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                "The 'from' date %(start)s is after the 'to' date %(end)s.",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned


class EpisodeFilter(django_filters.FilterSet):
    topic = TopicsFilter(
        field_name="topics__slug",
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    guest = GuestFilter(
        field_name="guests__slug",
        label="Guest",
        empty_label="Any guest",
        distinct=True,
    )
    year = YearFilter(
        field_name="published_at",
        lookup_expr="year",
        label="Year",
        min_value=1900,
        max_value=9999,
    )
    month = MonthFilter(field_name="published_at", label="Month (YYYY-MM)")
    date_from = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label="From",
        widget=DatePicker,
    )
    date_to = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label="To",
        widget=DatePicker,
    )

    class Meta:
        model = Episode
        fields = ["topic", "guest", "year", "month", "date_from", "date_to"]
        form = EpisodeFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query each for the choices, used both to check the input and to draw the form.
        self.topic_names = dict(Topic.objects.public().values_list("slug", "name"))
        self.guest_names = dict(Guest.objects.public().values_list("slug", "name"))
        self.filters["topic"].extra["choices"] = list(self.topic_names.items())
        self.filters["guest"].extra["choices"] = list(self.guest_names.items())

    def active_filters(self):
        """(label, query string without that filter) for each filter in use, for removal links."""
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            if name == "topic":
                for slug in value:
                    remaining = [s for s in self.data.getlist("topic") if s != slug]
                    label = f"Topic: {self.topic_names[slug]}"
                    active.append((label, self._without(name, remaining)))
            else:
                label = self._describe(name, value)
                active.append((label, self._without(name)))
        return active

    def _describe(self, name, value):
        if name == "guest":
            return f"Guest: {self.guest_names[value]}"
        if name == "month":
            return f"Month: {value[0]}-{value[1]:02d}"
        if name in ("date_from", "date_to"):
            return f"{self.filters[name].label}: {value.isoformat()}"
        return f"{self.filters[name].label}: {value}"

    def _without(self, name, keep=()):
        params = self.data.copy()
        params.setlist(name, list(keep))
        params.pop("page", None)
        return params.urlencode()
