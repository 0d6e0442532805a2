"""Every public page costs at most six queries, with 10 episodes or with 500.

Pages are found by walking the URL configuration (tests/public_urls.py), so feeds, search
and pages added later fall under the same budget. The site-wide lookups paid once per
edit rather than per page (the site's show, the page cache's version) are warmed first,
as they are on a running site; the first visit of a page then renders it, and the second
comes from the page cache without touching the database.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from episodes import page_cache
from tests.factories import bulk_catalogue
from tests.public_urls import public_urls

BUDGET = 6


@pytest.mark.parametrize("episode_count", [10, 500])
def test_every_public_page_stays_within_its_query_budget(
    db, episode_count, django_assert_max_num_queries, django_assert_num_queries
):
    episodes = bulk_catalogue(episode_count)
    urls = public_urls()
    assert len(urls) >= 7
    for url in urls:
        cache.clear()
        page_cache.forget_local()
        visitor = Client()
        visitor.get(reverse("episodes:about"))  # warms the show and the cache version
        with django_assert_max_num_queries(BUDGET, info=url):
            first = visitor.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = visitor.get(url)
        assert again.content == first.content, url
    assert episodes[0].title in Client().get(reverse("episodes:list")).text
