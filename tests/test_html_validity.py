"""The Nu HTML Checker (vnu-jar from package.json, on the machine's Java) finds no errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.public_pages import PUBLIC_PAGES

VNU = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.fixture(scope="module")
def java():
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("java or node_modules/vnu-jar is missing: run scripts/provision.sh")
    return java


def test_every_public_page_type_is_valid_html(client, seed, java, tmp_path):
    files = {}
    for name, path in PUBLIC_PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, name
        page = tmp_path / f"{len(files)}.html"
        page.write_bytes(response.content)
        files[page.name] = name
    # One run for all pages: the JVM's start-up is most of the cost.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rpartition('/')[2])} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
