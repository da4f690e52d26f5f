#!/usr/bin/env python3
"""Checks a built site: links, outside resources and page weight.

Usage: python3 tests/pages/site_check.py SITE_DIR [--max-record-kb 50]

- Links: every internal href and src of every page (and every url() of every
  stylesheet) names a file that exists, as file:// would resolve it; a
  #fragment names an id of the target page. Then the same over HTTP: the site
  is served by `python3 -m http.server` on 127.0.0.1 and every page and every
  target is fetched (status 200).
- Outside resources: no page loads a script, stylesheet, font, image, frame or
  media from another site (an <a> may link out; nothing is fetched from it).
  Absolute paths (`/x`) are refused too: they break file:// and sub-paths.
- Weight: every record page, plus the stylesheets and scripts it loads, each
  compressed with gzip, weighs at most --max-record-kb kilobytes.

Python 3 standard library only. Prints what it found; exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# Attributes that make the browser fetch something, by tag.
LOADS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LINK_LOADS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class Page(html.parser.HTMLParser):
    """The references and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.loads: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "style":
            self._in_style = True
        for attr in LOADS.get(tag, ()):
            if attr in a:
                values = [p.strip().split(" ")[0] for p in a[attr].split(",")] if attr == "srcset" else [a[attr]]
                self.loads.extend((tag, attr, v) for v in values if v)
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            (self.loads if rels & LINK_LOADS else self.links).append((tag, "href", a["href"]))
        if tag in ("a", "area") and "href" in a:
            self.links.append((tag, "href", a["href"]))
        if tag == "form" and a.get("action"):
            self.links.append((tag, "action", a["action"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def css_refs(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


def is_outside(url: str) -> bool:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    return url.startswith("//") or scheme not in ("", "data")


class Checker:
    def __init__(self, site: Path) -> None:
        self.site = site.resolve()
        self.problems: list[str] = []
        self.pages: dict[Path, Page] = {}
        self.targets: set[str] = set()  # site-relative paths (URL form) to fetch over HTTP
        self.checked_refs = 0

    def problem(self, where: Path, message: str) -> None:
        self.problems.append(f"{where.relative_to(self.site)}: {message}")

    def page(self, path: Path) -> Page:
        if path not in self.pages:
            self.pages[path] = parse(path)
        return self.pages[path]

    def resolve(self, where: Path, url: str, must_load: bool) -> None:
        """Checks one reference written in the file `where`."""
        self.checked_refs += 1
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if url.startswith("//") or scheme in ("http", "https", "ftp"):
            if must_load:
                self.problem(where, f"loads `{url}` from outside the site")
            return
        if scheme in ("mailto", "tel"):
            return
        if scheme == "data":
            return
        if scheme:
            self.problem(where, f"reference with scheme `{scheme}:` ({url})")
            return
        if parts.path.startswith("/"):
            self.problem(where, f"absolute path `{url}` breaks file:// and sub-paths; write it relative")
            return
        target = where if not parts.path else (where.parent / urllib.parse.unquote(parts.path))
        target = Path(os.path.normpath(target))
        if not str(target).startswith(str(self.site)):
            self.problem(where, f"`{url}` leaves the site folder")
            return
        if target.is_dir():
            self.problem(where, f"`{url}` names a folder; name the file (`…/index.html`) so it works from file://")
            return
        if not target.is_file():
            self.problem(where, f"`{url}` does not exist ({target.relative_to(self.site)})")
            return
        self.targets.add(target.relative_to(self.site).as_posix())
        if parts.fragment and target.suffix == ".html":
            frag = urllib.parse.unquote(parts.fragment)
            if frag not in self.page(target).ids and frag != "top":
                self.problem(where, f"`{url}`: no element with id `{frag}` in {target.relative_to(self.site)}")

    def check_files(self) -> None:
        htmls = sorted(self.site.rglob("*.html"))
        for path in htmls:
            p = self.page(path)
            self.targets.add(path.relative_to(self.site).as_posix())
            for _tag, _attr, url in p.loads:
                self.resolve(path, url, must_load=True)
            for _tag, _attr, url in p.links:
                self.resolve(path, url, must_load=False)
            for style in p.styles:
                for url in css_refs(style):
                    self.resolve(path, url, must_load=True)
        for css in sorted(self.site.rglob("*.css")):
            for url in css_refs(css.read_text(encoding="utf-8")):
                self.resolve(css, url, must_load=True)
        self.html_count = len(htmls)

    def check_http(self) -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(self.site)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "index.html", timeout=2).read()
                    break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            fetched = 0
            for rel in sorted(self.targets):
                url = base + urllib.parse.quote(rel)
                try:
                    with urllib.request.urlopen(url, timeout=10) as r:
                        r.read()
                        if r.status != 200:
                            self.problems.append(f"HTTP {r.status} for {rel}")
                except urllib.error.HTTPError as e:
                    self.problems.append(f"HTTP {e.code} for {rel}")
                except (urllib.error.URLError, ConnectionError) as e:
                    self.problems.append(f"HTTP fetch of {rel} failed: {e}")
                fetched += 1
            return fetched
        finally:
            server.terminate()
            server.wait(timeout=10)

    def check_weight(self, max_bytes: int) -> tuple[int, str, int]:
        """Checks every record page; returns (pages, heaviest page, its weight)."""
        heaviest, heaviest_bytes, count = "", 0, 0
        gz_cache: dict[Path, int] = {}

        def gz(path: Path) -> int:
            if path not in gz_cache:
                gz_cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            return gz_cache[path]

        for ward in sorted(p for p in self.site.iterdir() if p.is_dir()):
            # Every folder of the ward (each kind's, and the pages beside
            # them), read from the site so that a new kind is weighed with no
            # change here.
            sections = sorted(d for d in ward.iterdir() if d.is_dir())
            for section in sections:
                for path in sorted(section.glob("*.html")):
                    if path.name == "index.html":
                        continue
                    count += 1
                    p = self.page(path)
                    total = gz(path)
                    for tag, _attr, url in p.loads:
                        if tag in ("script", "link") and not is_outside(url):
                            target = Path(os.path.normpath(path.parent / urllib.parse.unquote(urllib.parse.urlsplit(url).path)))
                            if target.is_file():
                                total += gz(target)
                    if total > heaviest_bytes:
                        heaviest, heaviest_bytes = path.relative_to(self.site).as_posix(), total
                    if total > max_bytes:
                        self.problem(path, f"weighs {total / 1024:.1f} KB compressed with its CSS and scripts (limit {max_bytes / 1024:.0f} KB)")
        return count, heaviest, heaviest_bytes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--max-record-kb", type=float, default=50.0)
    args = ap.parse_args()
    if not (args.site / "index.html").is_file():
        ap.error(f"{args.site} holds no built site (index.html)")
    c = Checker(args.site)
    c.check_files()
    print(f"links: {c.html_count} pages, {c.checked_refs} references checked on disk (file://)")
    fetched = c.check_http()
    print(f"links: {fetched} pages and files fetched over HTTP from 127.0.0.1")
    count, heaviest, weight = c.check_weight(int(args.max_record_kb * 1024))
    if count == 0:
        c.problems.append("no record pages found")
    print(f"weight: {count} record pages; heaviest {heaviest}: {weight / 1024:.1f} KB gzip with its CSS and scripts "
          f"(limit {args.max_record_kb:.0f} KB)")
    for p in c.problems:
        print(f"  ✗ {p}", file=sys.stderr)
    print(f"{len(c.problems)} problems")
    sys.exit(1 if c.problems else 0)


if __name__ == "__main__":
    main()
