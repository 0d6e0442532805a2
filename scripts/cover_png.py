"""Draw static/img/cover.png, the cover art podcast apps and link previews ask for, from
static/img/cover.svg, which the site itself shows. Apple Podcasts wants a square JPEG or
PNG of 1400 to 3000 pixels; SVG is read by browsers only. Run it after editing the SVG:

    .venv/bin/python scripts/cover_png.py

It draws with the Chromium that the browser tests use (scripts/provision.sh installs it).
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static" / "img"
SIZE = 3000


def main():
    svg = (STATIC / "cover.svg").read_text()
    page_html = (
        "<!doctype html><style>html,body{margin:0}svg{display:block;width:100vw;height:100vh}"
        f"</style>{svg}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": SIZE, "height": SIZE})
        page.set_content(page_html)
        page.screenshot(path=STATIC / "cover.png")
        browser.close()
    print(f"Wrote {STATIC / 'cover.png'} ({SIZE} x {SIZE})")


if __name__ == "__main__":
    main()
