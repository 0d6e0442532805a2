"""Static files: hashed names, compressed with brotli and gzip, cached for a long time."""

import re

from django.templatetags.static import static


def test_static_files_have_hashed_names_and_long_lived_caching(client):
    url = static("css/site.css")
    assert re.search(r"/css/site\.[0-9a-f]{12}\.css$", url)
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600


def test_static_files_are_served_brotli_or_gzip_compressed(client):
    url = static("css/site.css")
    plain = b"".join(client.get(url).streaming_content)
    for encoding in ("br", "gzip"):
        response = client.get(url, HTTP_ACCEPT_ENCODING=encoding)
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) < len(plain)
