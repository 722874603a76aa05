"""Take the README's screenshots of the main public pages: desktop, phone and print.

Usage: make screenshots (it seeds a scratch database, serves it and runs this). Needs Chromium.
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8140"
OUT = Path(__file__).resolve().parent / "screenshots"
PAGES = {
    "home": "/",
    "calendar-week": "/calendar/?view=week&region=central",
    "calendar-month": "/calendar/?view=month&region=metro-boston",
    "group": "/groups/metro-boston-lgbtq-peer-support/",
    "region": "/regions/central/",
    "venue": "/venues/central-crossroads-shelter/",
}
SHOTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2},
}
PRINTED = ["calendar-week", "calendar-month"]


def main():
    OUT.mkdir(exist_ok=True)
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for device, options in SHOTS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(f"{BASE}{path}")
                page.screenshot(path=OUT / f"{name}-{device}.png", full_page=device == "desktop")
            context.close()
        context = browser.new_context(viewport={"width": 794, "height": 1123})
        page = context.new_page()
        for name in PRINTED:
            page.goto(f"{BASE}{PAGES[name]}")
            page.emulate_media(media="print")
            page.screenshot(path=OUT / f"{name}-print.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
