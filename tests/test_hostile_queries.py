"""Random and hostile query strings never make the site fail (no 5xx), on both databases."""

from collections import Counter
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public_urls import public_urls

EXAMPLES = 2_000

KNOWN_NAMES = [
    "topic", "guest", "year", "month", "date_from", "date_to", "page", "q", "sort", "o",
    "format", "show", "slug", "limit", "offset", "page_size", "before", "after",
]  # fmt: skip

HOSTILE_VALUES = [
    "\x00", "a\x00b", "' OR '1'='1", "1; DROP TABLE episodes_episode; --", "' UNION SELECT 1--",
    "-1", "0", "1e309", "NaN", "99999999999999999999999", "2024-02-30", "2024-13-01",
    "0000-00-00", "9999-12-31T99:99", "../../etc/passwd", "<script>alert(1)</script>",
    "%", "%zz", "%00", "&&==", "[]", "{}", "☃", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u202e", "\r\nSet-Cookie: x=1",
    "9" * 5000, "a" * 100_000,
]  # fmt: skip

values = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=50),
    st.integers().map(str),
    st.dates().map(str),
    st.datetimes().map(str),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)
names = st.one_of(st.sampled_from(KNOWN_NAMES), st.text(min_size=1, max_size=12))
encoded = st.lists(st.tuples(names, values), max_size=6).map(urlencode)
# Raw query strings: stray % escapes, separators and unencoded text as a browser may send.
raw = st.text(alphabet=st.characters(codec="utf-8"), max_size=80).map(
    lambda text: quote(text, safe="&=%+;/?:@,[]")
)
query_strings = st.one_of(encoded, raw)


def test_no_query_string_makes_a_public_page_fail(client, seed):
    urls = public_urls()
    assert len(urls) >= 7
    seen = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(url=st.sampled_from(urls), query=query_strings)
    def visit(url, query):
        response = client.get(f"{url}?{query}")
        seen[url] += 1
        assert response.status_code < 500, (url, query, response.status_code)

    visit()
    assert sum(seen.values()) >= EXAMPLES
    assert set(seen) == set(urls), "every public URL was visited"
