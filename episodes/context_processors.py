from django.utils.functional import SimpleLazyObject

from episodes.models import Show


def site(request):
    """The show this site presents, fetched only if a template uses it."""
    return {"site_show": SimpleLazyObject(Show.objects.default)}
