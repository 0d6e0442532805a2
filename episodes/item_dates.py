"""Django's feed and sitemap views date their response by their newest item.

That date is not when the response last changed: taking back the newest episode moves
it back in time, and an edit to the show or a guest does not move it at all, so a
client revalidating with If-Modified-Since was told "304 Not Modified" and kept the old
copy. Without it, the ETag (ConditionalGetMiddleware) decides; cached pages get the
catalogue version's date from episodes.page_cache, which every edit moves.
"""

from functools import wraps


def without_item_date(response):
    response.headers.pop("Last-Modified", None)
    return response


def dated_by_edits_only(view):
    """``view`` with its item-derived Last-Modified dropped."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return without_item_date(view(request, *args, **kwargs))

    return wrapped
