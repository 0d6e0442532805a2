"""Every page stays light on a slow connection: at most 30 KB transferred, compressed."""

import gzip
from html.parser import HTMLParser

import pytest

from tests.public_pages import PUBLIC_PAGES

BUDGET = 30 * 1024


class Subresources(HTMLParser):
    """What a browser fetches to show the page: stylesheets, scripts and images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def transferred(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding"):
        return len(content)
    # The HTML itself is compressed by the server in front of Django; measure it as gzip -6.
    return len(gzip.compress(content, compresslevel=6))


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_page_with_its_styles_scripts_and_images_is_at_most_30_kb(client, seed, name):
    page = client.get(PUBLIC_PAGES[name])
    assert page.status_code == 200
    parser = Subresources()
    parser.feed(page.content.decode())
    assert any(url.endswith(".css") for url in parser.urls), "the stylesheet is counted"
    sizes = {"html": transferred(page)}
    for url in parser.urls:
        # WhiteNoise serves its precompressed copy to a browser that accepts gzip.
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, url
        sizes[url] = transferred(response)
    assert sum(sizes.values()) <= BUDGET, sizes
