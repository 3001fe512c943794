#!/usr/bin/env python3
"""Lists the external links of rendered Wikipedia pages with BeautifulSoup
(Python's own html.parser, not html5ever), each with the place it sits in,
independently of citecheck, and compares them with citecheck's report.

    external_links.py FILE...                    one JSON line per link
    external_links.py --compare REPORT_JSON FILE...

Needs `pip install beautifulsoup4`. Rules (README, "Where a link sits"):

- The page's content is the first `.mw-parser-output` (a saved page from
  2017 on, Parsoid), else `#mw-content-text`, else `<body>`; everything outside
  it (sidebar, interlanguage links, footer, catlinks, printfooter) is chrome.
- An external link is an `<a href>` in the content, outside `.mw-editsection`,
  that is `a.external`, or has rel `mw:ExtLink`, or whose href is absolute
  (`http://`, `https://`, `//host`), unless its host is one of the Wikimedia
  projects' (Wikipedia, Commons, Wikidata, Wiktionary, ..., mediawiki.org):
  those are links to articles, interwiki and interlanguage links, and the
  wiki's own edit, "update" and navbar links. An interwiki link to a host
  outside Wikimedia (`[[mozillawiki:Timeline]]` -> wiki.mozilla.org) is
  external.
- The place, by the first rule an ancestor meets: `reference` (an item of
  `ol.references`), `authority_control` (`.authority-control`, or a navbox
  holding a link to Help:Authority_control), `navbox` (`.navbox`,
  `.vertical-navbox`, `.sidebar`), `infobox` (`.infobox`), `other`
  (hatnotes, images and their captions, galleries, message boxes, sister
  project and portal boxes, coordinates), `external_links` (under the h2
  "External links", or zh/de equivalents), else `body`.

--compare matches the oracle's (url, place) pairs with citecheck's links
(an archived copy citecheck folded into its original's citation.archive_url
counts as found, with the original's place) and prints every disagreement.
CS1 identifier links (doi, PMID, ... after a link to /wiki/..._(identifier))
are marked "identifier": citecheck leaves them out on purpose.
"""

import collections
import json
import re
import sys

from bs4 import BeautifulSoup, Tag

WIKIMEDIA = (
    "wikipedia.org", "wikimedia.org", "wikidata.org", "wiktionary.org",
    "wikiquote.org", "wikisource.org", "wikibooks.org", "wikinews.org",
    "wikiversity.org", "wikivoyage.org", "mediawiki.org",
    "wikimediafoundation.org", "wikifunctions.org",
)
EXTERNAL_LINKS = ("External links", "外部链接", "外部連結", "外部鏈接", "外部連接", "Weblinks")
OTHER = {
    "hatnote", "thumb", "thumbinner", "thumbcaption", "gallery", "gallerybox",
    "ambox", "mbox-small", "metadata", "sistersitebox", "side-box", "portal",
    "portalbox", "geo-default", "mw-indicators", "shortdescription",
}
ARCHIVES = ("web.archive.org/", "archive.org/web/", "archive.today/", "archive.ph/",
            "archive.is/", "webcitation.org/", "wayback.archive-it.org/")


def classes(tag):
    return set(tag.get("class") or [])


def host(href):
    m = re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//([^/?#:]*)", href)
    return m.group(1).lower() if m else None


def is_wikimedia(href):
    h = host(href)
    return h is not None and any(h == w or h.endswith("." + w) for w in WIKIMEDIA)


def is_external(a):
    href = a.get("href", "").strip()
    if not href or href.startswith("#"):
        return False
    rel = a.get("rel") or []
    rel = rel if isinstance(rel, list) else rel.split()
    marked = "external" in classes(a) or "mw:ExtLink" in rel
    absolute = re.match(r"^(https?:)?//", href, re.I) is not None
    return (marked or absolute) and not is_wikimedia(href)


def is_authority_navbox(tag):
    return any("Authority_control" in (x.get("href") or "") for x in tag.find_all("a"))


def place_of(a, section):
    chain = [p for p in a.parents if isinstance(p, Tag)]
    for p in chain:
        if p.name == "li" and p.parent is not None and p.parent.name == "ol" and (
                classes(p.parent) & {"references", "mw-references"}):
            return "reference"
    for p in chain:
        c = classes(p)
        if "authority-control" in c or ("navbox" in c and is_authority_navbox(p)):
            return "authority_control"
    for p in chain:
        if classes(p) & {"navbox", "vertical-navbox", "sidebar"}:
            return "navbox"
    for p in chain:
        if "infobox" in classes(p):
            return "infobox"
    for p in chain:
        if classes(p) & OTHER or p.name in ("figure", "figcaption") or p.get("id") == "coordinates":
            return "other"
    if any(section.startswith(h) for h in EXTERNAL_LINKS):
        return "external_links"
    return "body"


def is_identifier(a):
    parent = a.parent
    start = parent if parent is not None and any(
        c.startswith("id-lock-") for c in classes(parent)) else a
    prev = start.find_previous_sibling()
    return prev is not None and prev.name == "a" and any(
        k in (prev.get("href") or "")
        for k in ("_(identifier)", "Digital_object_identifier", "PubMed"))


def links(path):
    soup = BeautifulSoup(open(path, encoding="utf-8").read(), "html.parser")
    root = (soup.select_one(".mw-parser-output") or soup.select_one("#mw-content-text")
            or soup.body or soup)
    section = ""
    out = []
    for node in root.descendants:
        if not isinstance(node, Tag):
            continue
        if node.name == "h2":
            text = "".join(
                s for s in node.find_all(string=True)
                if not any("mw-editsection" in classes(p) for p in s.parents if isinstance(p, Tag)))
            section = " ".join(text.split())
        if node.name != "a" or not node.get("href"):
            continue
        if any("mw-editsection" in classes(p) for p in node.parents if isinstance(p, Tag)):
            continue
        if is_external(node):
            href = node["href"].strip()
            out.append({
                "url": href,
                "place": place_of(node, section),
                "identifier": is_identifier(node),
                "archive": any(h in href.lower() for h in ARCHIVES),
            })
    return out


def compare(report_path, files):
    report = json.load(open(report_path, encoding="utf-8"))
    by_path = {a["path"]: a for a in report["articles"]}
    total_bad = 0
    for f in files:
        article = next((a for p, a in by_path.items() if p.endswith(f) or f.endswith(p)), None)
        if article is None:
            print(f"{f}: not in the report")
            total_bad += 1
            continue
        oracle = links(f)
        found = collections.Counter()
        for l in article["links"]:
            found[(l["url"], l.get("place"))] += 1
            archived = (l.get("citation") or {}).get("archive_url")
            if archived:
                found[(archived, l.get("place"))] += 1
        wanted = collections.Counter((o["url"], o["place"]) for o in oracle if not o["identifier"])
        identifiers = sum(1 for o in oracle if o["identifier"])
        missed = wanted - found
        extra = found - wanted
        agreed = sum((wanted & found).values())
        places = collections.Counter(o["place"] for o in oracle if not o["identifier"])
        print(f"{f}: oracle {sum(wanted.values())} (+{identifiers} identifier links citecheck "
              f"leaves out), citecheck {sum(found.values())}, agreeing {agreed}; "
              f"places {dict(sorted(places.items()))}")
        for (url, place), n in sorted(missed.items()):
            print(f"  only oracle  {n}x {place:18} {url}")
        for (url, place), n in sorted(extra.items(), key=lambda x: (x[0][0], str(x[0][1]))):
            print(f"  only citecheck {n}x {str(place):16} {url}")
        total_bad += sum(missed.values()) + sum(extra.values())
    return 1 if total_bad else 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--compare":
        return compare(argv[1], argv[2:])
    for f in argv:
        for link in links(f):
            print(json.dumps({"path": f, **link}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
