#!/usr/bin/env python3
"""Open-data checks of a built site, by outside libraries:

  * every Atom feed (*.atom) validates against the RELAX NG schema of
    RFC 4287 (tests/pages/atom.rng, with lxml), plus the RFC's rules outside
    the grammar (an author for every entry, content or an alternate link,
    ids that are absolute IRIs);
  * every sitemap.xml parses and lists absolute URLs in the sitemaps.org
    namespace;
  * every DCAT catalogue (catalog.jsonld) and the schema.org JSON-LD of every
    page is expanded by pyld (a JSON-LD 1.1 processor); catalogues must keep
    their datasets and each distribution its URL, media type, size and
    checksum through expansion.

Nothing is fetched: the schema.org context is replaced by its vocabulary
mapping, and any other remote context is an error.

Usage: opendata_check.py SITE_DIR
"""

import json
import pathlib
import re
import sys

from lxml import etree
from pyld import jsonld

HERE = pathlib.Path(__file__).resolve().parent
ATOM = "{http://www.w3.org/2005/Atom}"
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise jsonld.JsonLdError("remote context refused: " + url, "loading document failed")


jsonld.set_document_loader(loader)


def check_atom(path, rng, problems):
    try:
        doc = etree.parse(str(path))
    except etree.XMLSyntaxError as e:
        problems.append(f"{path}: atom: not XML: {e}")
        return
    if not rng.validate(doc):
        for err in rng.error_log:
            problems.append(f"{path}:{err.line}: atom: {err.message}")
        return
    feed = doc.getroot()
    feed_author = feed.find(ATOM + "author") is not None
    absolute = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
    for id_el in feed.iter(ATOM + "id"):
        if not absolute.match(id_el.text or ""):
            problems.append(f"{path}: atom: id is not an absolute IRI: {id_el.text}")
    for entry in feed.findall(ATOM + "entry"):
        title = entry.findtext(ATOM + "title")
        if not feed_author and entry.find(ATOM + "author") is None:
            problems.append(f"{path}: atom: entry without author: {title}")
        alternate = [
            l for l in entry.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"
        ]
        if entry.find(ATOM + "content") is None and not alternate:
            problems.append(f"{path}: atom: entry without content or alternate link: {title}")


def check_sitemap(path, problems):
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as e:
        problems.append(f"{path}: sitemap: not XML: {e}")
        return
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    if root.tag != ns + "urlset":
        problems.append(f"{path}: sitemap: root is {root.tag}")
    for loc in root.iter(ns + "loc"):
        if not re.match(r"^https?://", loc.text or ""):
            problems.append(f"{path}: sitemap: relative URL {loc.text}")


def values(node, key):
    return node.get(key, []) if isinstance(node, dict) else []


def check_catalog(path, problems):
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        expanded = jsonld.expand(doc, {"base": path.resolve().as_uri()})
    except Exception as e:  # pyld raises JsonLdError, json ValueError
        problems.append(f"{path}: JSON-LD: {e}")
        return
    catalogs = [n for n in expanded if DCAT + "Catalog" in n.get("@type", [])]
    if not catalogs:
        problems.append(f"{path}: JSON-LD: no dcat:Catalog after expansion")
        return
    datasets = values(catalogs[0], DCAT + "dataset")
    if len(datasets) != len(doc.get("dcat:dataset", [])):
        problems.append(f"{path}: JSON-LD: datasets lost in expansion")
    for ds in datasets:
        for dist in values(ds, DCAT + "distribution"):
            for prop in (DCAT + "downloadURL", DCAT + "mediaType", DCAT + "byteSize", SPDX + "checksum"):
                if not values(dist, prop):
                    problems.append(f"{path}: JSON-LD: a distribution lacks {prop}")


LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def check_page(path, problems):
    html = path.read_text(encoding="utf-8")
    for block in LD_SCRIPT.findall(html):
        try:
            expanded = jsonld.expand(json.loads(block), {"base": path.resolve().as_uri()})
        except Exception as e:
            problems.append(f"{path}: JSON-LD: {e}")
            continue
        typed = [n for n in expanded if n.get("@type")]
        if not typed:
            problems.append(f"{path}: JSON-LD: nothing typed after expansion")


def main():
    site = pathlib.Path(sys.argv[1])
    rng = etree.RelaxNG(etree.parse(str(HERE / "atom.rng")))
    problems = []
    counts = {"feeds": 0, "sitemaps": 0, "catalogues": 0, "pages with JSON-LD": 0}
    for p in sorted(site.rglob("*.atom")):
        counts["feeds"] += 1
        check_atom(p, rng, problems)
    for p in sorted(site.rglob("sitemap.xml")):
        counts["sitemaps"] += 1
        check_sitemap(p, problems)
    for p in sorted(site.rglob("catalog.jsonld")):
        counts["catalogues"] += 1
        check_catalog(p, problems)
    for p in sorted(site.rglob("*.html")):
        if "application/ld+json" in p.read_text(encoding="utf-8"):
            counts["pages with JSON-LD"] += 1
            check_page(p, problems)
    for line in problems:
        print(line)
    print(", ".join(f"{n} {k}" for k, n in counts.items()))
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
