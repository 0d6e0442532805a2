"""The listing's filters: topic, guest and date, all in the query string."""

import re

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import OuterRef, Subquery
from django_filters import fields as filter_fields

from episodes import search
from episodes.models import Episode, Guest, Topic
from episodes.page_cache import cached_for_version
from episodes.text import name_order
from episodes.widgets import LongCheckboxes, LongSelect

# The guest filter lists at most this many guests: those of the newest episodes.
GUESTS_LISTED = 100


def public_names(model):
    """{slug: name} of the public guests or topics, by name."""
    return dict(sorted(model.objects.public().values_list("slug", "name"), key=_by_name))


def guest_choices():
    """({slug: name} of every public guest, {slug: name} of those the guest list offers).

    A small catalogue's list offers every guest; a large one's, the guests of the newest
    GUESTS_LISTED episodes (a list of thousands would be unusable, and would weigh more
    than the rest of the page). One query.
    """
    newest = Episode.objects.published().order_by("-published_at", "-id")[:GUESTS_LISTED]
    links = Episode.guests.through.objects.filter(guest=OuterRef("pk"))
    latest = links.filter(episode__in=newest.values("pk")).order_by("-episode__published_at")
    rows = Guest.objects.public().annotate(
        latest=Subquery(latest.values("episode__published_at")[:1])
    )
    rows = list(rows.values_list("slug", "name", "latest"))
    everyone = {slug: name for slug, name, _ in rows}
    if len(everyone) <= GUESTS_LISTED:
        return everyone, everyone
    # The guests of the newest episodes first (an episode may have several guests).
    recent = sorted((row for row in rows if row[2]), key=lambda row: row[2], reverse=True)
    return everyone, {slug: name for slug, name, _ in recent[:GUESTS_LISTED]}


# The years the year filter accepts; datetime knows no year 0.
YEARS = range(1900, 10_000)
MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class MonthField(forms.CharField):
    """A month written "2026-05"; returns (year, month)."""

    default_error_messages = {"invalid": "Enter a month as YYYY-MM, for example 2026-05."}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        # [0-9], not \d or isdigit(): "²026" is made of digits that int() refuses.
        match = MONTH.fullmatch(value)
        year, month = (int(part) for part in match.groups()) if match else (0, 0)
        if year not in YEARS or not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return year, month


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        year, month = value
        return qs.filter(**{f"{self.field_name}__year": year, f"{self.field_name}__month": month})


class SharedChoicesMixin:
    """Every form shares the field's choices instead of deep-copying them.

    A form deep-copies its fields, and a ChoiceField its choices: with thousands of
    guests that copy took longer than the rest of the page. The choices are never
    changed in place, only replaced, so sharing them is safe.
    """

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class NoNullsChoiceField(SharedChoicesMixin, filter_fields.ChoiceField):
    """A choice that says "Null characters are not allowed." rather than echoing a NUL back."""

    def to_python(self, value):
        value = super().to_python(value)
        ProhibitNullCharactersValidator()(value)
        return value


class NoNullsMultipleChoiceField(SharedChoicesMixin, filter_fields.MultipleChoiceField):
    def to_python(self, value):
        # A blank ("?topic=a&topic=") means no topic, as a blank guest means any guest.
        values = [item for item in super().to_python(value) if item != ""]
        for item in values:
            ProhibitNullCharactersValidator()(item)
        return values


class SearchField(forms.CharField):
    """What to search for: at most MAX_QUERY_LENGTH characters holding a word or a number.

    CharField already refuses NUL characters.
    """

    widget = forms.SearchInput
    default_error_messages = {"no_words": "Type a word or a number to search for."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", search.MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not search.WORD.search(value):
            raise forms.ValidationError(self.error_messages["no_words"], code="no_words")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


def with_any(queryset, relation, slugs):
    """Episodes of ``queryset`` linked by ``relation`` (Episode.guests or Episode.topics)
    to any of ``slugs``: a subquery, so the episodes need no DISTINCT, which would compare
    whole rows (notes and search vector included)."""
    links = relation.through.objects.filter(
        **{f"{relation.field.m2m_reverse_field_name()}__slug__in": slugs}
    )
    return queryset.filter(pk__in=links.values(relation.field.m2m_field_name()))


class TopicsFilter(django_filters.MultipleChoiceFilter):
    """Episodes about any of the chosen topics."""

    field_class = NoNullsMultipleChoiceField

    def filter(self, qs, value):
        return with_any(qs, Episode.topics, value) if value else qs


class GuestFilter(django_filters.ChoiceFilter):
    field_class = NoNullsChoiceField

    def filter(self, qs, value):
        return with_any(qs, Episode.guests, [value]) if value else qs


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DatePicker(forms.DateInput):
    """A browser's date picker. A value that is not a date is not written back into it:
    ``type=date`` could not show it, and it would make the page invalid HTML."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        if isinstance(value, str):
            try:  # a date the filter accepted ("2026-5-4") is shown as the picker writes it
                date = forms.DateField().to_python(value)
            except forms.ValidationError:
                return None
            return date.isoformat() if date else None
        return value


def _by_name(item):
    return name_order(item[1]), item[0]


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
    q = SearchFilter(label="Search", method="filter_search")
    topic = TopicsFilter(
        label="Topics",
        widget=LongCheckboxes,
    )
    guest = GuestFilter(
        label="Guest",
        empty_label="Any guest",
        widget=LongSelect,
    )
    year = YearFilter(
        field_name="published_at",
        lookup_expr="year",
        label="Year",
        min_value=YEARS.start,
        max_value=YEARS.stop - 1,
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
        fields = ["q", "topic", "guest", "year", "month", "date_from", "date_to"]
        form = EpisodeFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.search = None  # the search.Search once the results are filtered by words
        # The choices check the input and draw the form. They change only when the catalogue
        # is edited, so they are cached until then: one query each after an edit.
        self.topic_names = cached_for_version("filter-topics", lambda: public_names(Topic))
        self.guest_names, self.listed_guests = cached_for_version("filter-guests", guest_choices)
        self.filters["topic"].extra["choices"] = list(self.topic_names.items())
        self.filters["guest"].extra["choices"] = list(self.guest_names.items())

    @property
    def form(self):
        """The form; its guest list offers the listed guests and the chosen one, while any
        public guest is accepted."""
        if not hasattr(self, "_form"):
            form = super().form
            listed = dict(self.listed_guests)
            chosen = self.data.get("guest") if self.is_bound else None
            if chosen in self.guest_names:
                listed[chosen] = self.guest_names[chosen]
            field = form.fields["guest"]
            field.widget.choices = [("", field.empty_label), *sorted(listed.items(), key=_by_name)]
        return self._form

    def lists_everything(self):
        """Whether the list is every public episode: no filter in use and none refused
        (a refused filter lists nothing)."""
        return not self.is_bound or (self.form.is_valid() and not self.active_filters())

    @property
    def more_guests(self):
        """Whether some public guests are not in the guest list."""
        return len(self.guest_names) > len(self.listed_guests)

    def filter_search(self, queryset, name, value):
        # Applied last, in filter_queryset, so it ranks what the other filters leave.
        return queryset

    def filter_queryset(self, queryset):
        """The other filters, then the words: matching episodes, best first."""
        queryset = super().filter_queryset(queryset)
        if text := self.form.cleaned_data.get("q"):
            self.search = search.run(queryset, text)
            return self.search.queryset
        return queryset

    def active_filters(self):
        """(label, query string without that filter) for each filter in use, for removal links."""
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            if name == "topic":
                for slug in dict.fromkeys(value):  # "?topic=a&topic=a" is one topic
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
