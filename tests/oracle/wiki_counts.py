#!/usr/bin/env python3
"""Counts the footnotes, cited URLs and ISBNs of Wikipedia articles with outside
parsers, independently of citecheck, and compares them with a citecheck report.

    wiki_counts.py FILE...                       one JSON line per file
    wiki_counts.py --compare REPORT_JSON [FILE...] [--base DIR]

Wikitext (.wikitext .wiki .mediawiki .txt) is read with mwparserfromhell;
rendered Wikipedia HTML (the legacy parser's page or fragment, or Parsoid /
REST HTML) with BeautifulSoup. Each line holds
{"path", "format", "markers", "notes", "cited_urls", "valid_isbns", ...} plus
a breakdown; a file that cannot be read or parsed gives {"path", "error"} and
the others go on (exit status 1 if any failed).

Counting rules (see tests/fixtures/wiki/SOURCES.md for the figures):

wikitext
- markers: <ref> tags in the body (every group; not inside <references>...</references>,
  nor in the refs= of {{reflist}}/{{references}}/{{notelist}}, nor in comments,
  <nowiki>, <pre> or other unparsed tags), plus one per {{sfn}}/{{sfnp}}/{{sfnm}},
  per footnote template ({{efn}} family, {{refn}}, {{NoteTag}}, {{#tag:ref}}) and
  per name in {{r|...}}. {{harvnb}} makes no footnote (inside a <ref> it is the
  note's text, in prose it is an inline link), so it is not a marker: bare uses
  are reported as "harvnb_bare". {{rp}} is a page number, not a marker.
- notes: distinct notes of every group: a <ref> with content once; a named ref
  once however often reused; list-defined refs; each distinct {{sfn}} (same
  arguments) once; footnote templates like <ref>. "group_notes" are those in a
  group other than the default one (group=..., {{efn}}, {{NoteTag}}).
- cited_urls: distinct http(s) URLs inside notes: url=, chapter-url= and the
  like of any template, bracketed [http://... label] and free URLs (also in the
  page argument of {{sfn}}, which is the note's text, and of {{harvnb}}
  inside a note); never archive-url= (or
  archiv-url= and other wikis' spellings) nor the archive templates
  ({{webarchive}}, {{wayback}}, ...).
- valid_isbns: distinct ISBNs (isbn= parameters, {{ISBN|...}}, the magic word
  "ISBN 978...") anywhere in the article, with a valid ISBN-10/13 checksum,
  counted once as ISBN-13.

HTML
- markers: sup.reference (Parsoid: sup.mw-ref) in the content that link to a
  #cite_note- anchor ({{rp}} page numbers are sup.reference too but link to no
  note; the raw count is "sup_reference_raw").
- notes: li children of ol.references / ol.mw-references; "lists" gives each
  list's length.
- cited_urls: distinct http(s) hrefs of external links (a.external,
  a[rel~=mw:ExtLink]) inside those lists; "cited_urls_no_archive" drops
  web.archive.org, archive.today and similar snapshot hosts.
- valid_isbns: distinct ISBNs of links to Special:BookSources/<isbn> (or the
  wiki's localised name for it) with a valid checksum.

--compare reads citecheck's report.json (shared/report-contract.md) and, for
each article (or each FILE given), prints oracle against citecheck for markers
(footnotes.markers), notes (footnotes.notes), cited URLs (distinct url of
links with kind "citation" that start with http; for HTML against the oracle's
"cited_urls_comparable": per note, snapshot links are dropped when the note
also has an original link, since citecheck attaches an archived copy to its
original, and CS1's identifier links (an external link right after a link to
/wiki/..._(identifier): doi, PMID, PMC, JSTOR, ...) are dropped, since the
wikitext holds only the identifier) and valid ISBNs (distinct
isbn13 of isbns with valid true), the relative difference, and "!!" where it
exceeds 2%.

Needs: pip install mwparserfromhell beautifulsoup4 (isbnlib is used when
installed, else the checksums are computed here).
"""

import argparse
import json
import os
import re
import sys
from urllib.parse import unquote, urlsplit

try:
    import isbnlib
except ImportError:  # the checksums below are enough
    isbnlib = None

WIKITEXT_EXT = (".wikitext", ".wiki", ".mediawiki", ".wt", ".txt")
HTML_EXT = (".html", ".htm", ".xhtml")

# ---------------------------------------------------------------- ISBNs

ISBN_MAGIC = re.compile(
    r"(?<![\w])ISBN[ \t\u00a0\u2009\u202f]+((?:97[89][ \t\u00a0-]?)?(?:[0-9][ \t\u00a0-]?){9}[0-9Xx])\b"
)


def _digits(raw):
    return re.sub(r"[^0-9Xx]", "", raw).upper()


def _isbn10_ok(s):
    if not re.fullmatch(r"[0-9]{9}[0-9X]", s):
        return False
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s))
    return total % 11 == 0


def _isbn13_ok(s):
    if not re.fullmatch(r"97[89][0-9]{10}", s):
        return False
    total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(s))
    return total % 10 == 0


def _to13(s10):
    core = "978" + s10[:9]
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core)) % 10) % 10
    return core + str(check)


def isbn13_if_valid(raw):
    """The ISBN-13 form of raw when it is a valid ISBN-10 or ISBN-13, else None."""
    if isbnlib is not None:
        canon = isbnlib.canonical(raw)
        if isbnlib.is_isbn13(canon):
            return canon
        if isbnlib.is_isbn10(canon):
            return isbnlib.to_isbn13(canon)
        return None
    s = _digits(raw)
    if len(s) == 13 and _isbn13_ok(s):
        return s
    if len(s) == 10 and _isbn10_ok(s):
        return _to13(s)
    return None


# ---------------------------------------------------------------- wikitext


def norm_tname(name):
    """A template's name as MediaWiki matches it: no comments, '_' as ' ',
    first letter case-insensitive, no Template: prefix."""
    name = re.sub(r"<!--.*?-->", "", name, flags=re.S)
    name = re.sub(r"[\s_]+", " ", name).strip()
    if name.lower().startswith("template:"):
        name = name[9:].strip()
    return name.lower()


SFN = {"sfn", "sfnp", "sfnm", "sfn whole", "shortened footnote template", "sfnref footnote"}
HARV = {"harvnb", "harv", "harvp", "harvtxt", "harvard citation no brackets", "harvard citation"}
# footnote templates that behave like <ref>: template name -> default group
NOTE_TEMPLATES = {
    "efn": "lower-alpha", "efn-la": "lower-alpha", "efn-ua": "upper-alpha",
    "efn-lr": "lower-roman", "efn-ur": "upper-roman", "efn-lg": "lower-greek",
    "notetag": "note", "note tag": "note", "notetag-lr": "note",
    "refn": "", "#tag:ref": "",
}
REFLISTS = {"reflist": "", "references": "", "refs": "", "reference list": "",
            "notelist": "lower-alpha", "notelist-ua": "upper-alpha", "notelist-lr": "lower-roman",
            "notelist-ur": "upper-roman", "notelist-lg": "lower-greek", "notefoot": "note",
            "reflist-talk": ""}
ARCHIVE_TEMPLATES = {"webarchive", "wayback", "web archive", "archive.today", "webcite",
                     "cbignore", "dead link", "archive url", "waybackdate"}
URL_PARAMS = {"url", "chapter-url", "chapterurl", "contribution-url", "contributionurl",
              "section-url", "sectionurl", "entry-url", "article-url", "conference-url",
              "conferenceurl", "transcript-url", "transcripturl", "lay-url", "layurl",
              "map-url", "mapurl", "episode-url", "url2", "url3"}
# archive-url= and its spellings in other wikis (de archiv-url, pt arquivourl,
# es urlarchivo, ...)
ARCHIVE_PARAM = re.compile(r"(archiv|arquivo).*url|url.*(archiv|arquivo)")
ISBN_PARAMS = {"isbn", "isbn13", "isbn10", "isbn2"}
UNPARSED_TAGS = {"nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "score",
                 "timeline", "graph", "templatedata", "hiero", "inputbox", "categorytree",
                 "mapframe", "maplink", "code"}


def attr(tag, name):
    for a in tag.attributes:
        if str(a.name).strip().lower() == name:
            return str(a.value).strip() if a.value is not None else ""
    return None


def strip_comments(s):
    return re.sub(r"<!--.*?(?:-->|$)", "", s, flags=re.S).strip()


class WikiCounter:
    def __init__(self):
        self.markers = 0
        self.group_markers = 0
        self.ref_markers = 0
        self.sfn_markers = 0
        self.template_note_markers = 0
        self.harvnb_bare = 0
        self.defined = {}  # key -> {"group":..., "list": bool}
        self.used = set()  # keys referenced from the body
        self.anon = 0
        self.urls = set()
        self.isbns = set()
        self.isbn_raw = set()

    # -- notes
    def define(self, group, name, in_list):
        if name:
            key = (group, name)
        else:
            self.anon += 1
            key = (group, "#anon%d" % self.anon)
        if key not in self.defined:
            self.defined[key] = {"group": group, "list": in_list}
        return key

    def marker(self, group):
        self.markers += 1
        if group:
            self.group_markers += 1

    # -- walking
    def walk(self, code, ctx):
        from mwparserfromhell.nodes import (Comment, ExternalLink, Heading, Tag, Template,
                                            Text, Wikilink)
        for node in code.nodes:
            if isinstance(node, Comment):
                continue
            if isinstance(node, Text):
                self.text(str(node), ctx)
            elif isinstance(node, Tag):
                self.tag(node, ctx)
            elif isinstance(node, Template):
                self.template(node, ctx)
            elif isinstance(node, Wikilink):
                if node.text is not None:
                    self.walk(node.text, ctx)
            elif isinstance(node, ExternalLink):
                if ctx.get("note") and not ctx.get("archive"):
                    self.url(str(node.url))
                if node.title is not None:
                    self.walk(node.title, ctx)
            elif isinstance(node, Heading):
                self.walk(node.title, ctx)

    def text(self, s, ctx):
        for m in ISBN_MAGIC.finditer(s):
            self.isbn(m.group(1))

    def url(self, u):
        u = strip_comments(u)
        if re.match(r"https?://", u, re.I):
            self.urls.add(u)

    def isbn(self, raw):
        raw = strip_comments(raw)
        if not raw:
            return
        self.isbn_raw.add(raw)
        v = isbn13_if_valid(raw)
        if v:
            self.isbns.add(v)

    def tag(self, node, ctx):
        import mwparserfromhell
        name = str(node.tag).strip().lower()
        if name in UNPARSED_TAGS:
            return
        if name == "gallery":
            # captions are wikitext, but mwparserfromhell leaves the body unparsed
            if node.contents is not None:
                self.walk(mwparserfromhell.parse(str(node.contents)), ctx)
            return
        if name == "references":
            group = attr(node, "group") or ""
            if node.contents is not None:
                self.walk(node.contents, dict(ctx, list=True, list_group=group))
            return
        if name == "ref":
            content = str(node.contents) if node.contents is not None else ""
            rname = attr(node, "name") or ""
            group = attr(node, "group")
            if ctx.get("list"):
                group = group if group is not None else ctx.get("list_group", "")
                if strip_comments(content):
                    self.define(group, rname, True)
                    self.walk(node.contents, dict(ctx, list=False, note=True))
                return
            group = group or ""
            self.marker(group)
            self.ref_markers += 1
            if strip_comments(content):
                key = self.define(group, rname, False)
                self.used.add(key)
                self.walk(node.contents, dict(ctx, note=True))
            elif rname:
                self.used.add((group, rname))
            return
        if node.contents is not None:
            self.walk(node.contents, ctx)

    def template(self, node, ctx):
        tname = norm_tname(str(node.name))
        params = {str(p.name).strip(): p for p in node.params}
        if tname in ARCHIVE_TEMPLATES:
            for p in node.params:
                self.walk(p.value, dict(ctx, archive=True))
            return
        if tname in REFLISTS:
            group = strip_comments(str(params["group"].value)) if "group" in params else REFLISTS[tname]
            for pname, p in params.items():
                if pname.lower() == "refs":
                    self.walk(p.value, dict(ctx, list=True, list_group=group))
            return
        if tname.startswith("#tag:"):
            tagname = tname[5:].strip()
            if tagname != "ref":
                for p in node.params:
                    self.walk(p.value, ctx)
                return
        if tname in SFN:
            if not ctx.get("list"):
                self.marker("")
                self.sfn_markers += 1
                args = []
                for p in node.params:
                    k = strip_comments(str(p.name)) if p.showkey else None
                    v = strip_comments(str(p.value))
                    if k and k.lower() == "ignore-err":
                        continue
                    args.append((k or "", v) if k else ("", v))
                key = ("", "#sfn:" + json.dumps([a for a in args], ensure_ascii=False))
                if key not in self.defined:
                    self.defined[key] = {"group": "", "list": False, "sfn": True}
                self.used.add(key)
                # the arguments are the note's text: p=[https://... 12] is a cited URL
                for p in node.params:
                    self.walk(p.value, dict(ctx, note=True))
            return
        if tname in HARV:
            if not ctx.get("note"):
                self.harvnb_bare += 1
            # inside a note its page=[https://... 12] is a cited URL, like {{sfn}}'s
            for p in node.params:
                self.walk(p.value, ctx)
            return
        if tname in NOTE_TEMPLATES:
            group = NOTE_TEMPLATES[tname]
            if "group" in params and tname in ("refn", "#tag:ref"):
                group = strip_comments(str(params["group"].value))
            rname = strip_comments(str(params["name"].value)) if "name" in params else ""
            content = None
            for key in ("1", "text"):
                if key in params:
                    content = params[key]
                    break
            if ctx.get("list"):
                if content is not None and strip_comments(str(content.value)):
                    self.define(group, rname, True)
                    self.walk(content.value, dict(ctx, list=False, note=True))
                return
            self.marker(group)
            self.template_note_markers += 1
            if content is not None and strip_comments(str(content.value)):
                key = self.define(group, rname, False)
                self.used.add(key)
                self.walk(content.value, dict(ctx, note=True))
            elif rname:
                self.used.add((group, rname))
            return
        if tname == "r":
            group = strip_comments(str(params["group"].value)) if "group" in params else ""
            for p in node.params:
                if not p.showkey:
                    n = strip_comments(str(p.value))
                    if n:
                        self.marker(group)
                        self.template_note_markers += 1
                        self.used.add((group, n))
            return
        if tname == "isbn":
            for p in node.params:
                if not p.showkey:
                    self.isbn(str(p.value))
            return
        for p in node.params:
            pname = strip_comments(str(p.name)).lower()
            if pname in ISBN_PARAMS:
                self.isbn(str(p.value))
                continue
            if ctx.get("note") and not ctx.get("archive") and pname in URL_PARAMS:
                self.url(str(p.value))
                continue
            if ARCHIVE_PARAM.search(pname):
                self.walk(p.value, dict(ctx, archive=True))
                continue
            self.walk(p.value, ctx)

    def result(self):
        notes = len(self.defined)
        group_notes = sum(1 for v in self.defined.values() if v["group"])
        list_defined = sum(1 for v in self.defined.values() if v["list"])
        unused_list = sum(1 for k, v in self.defined.items() if v["list"] and k not in self.used)
        sfn_notes = sum(1 for v in self.defined.values() if v.get("sfn"))
        dangling = sorted({"%s:%s" % k if k[0] else k[1] for k in self.used if k not in self.defined})
        return {
            "markers": self.markers,
            "notes": notes,
            "cited_urls": len(self.urls),
            "valid_isbns": len(self.isbns),
            "group_markers": self.group_markers,
            "group_notes": group_notes,
            "ref_markers": self.ref_markers,
            "sfn_markers": self.sfn_markers,
            "template_note_markers": self.template_note_markers,
            "sfn_notes": sfn_notes,
            "list_defined_notes": list_defined,
            "unused_list_defined": unused_list,
            "dangling": dangling,
            "harvnb_bare": self.harvnb_bare,
            "isbns_seen": len(self.isbn_raw),
        }


def count_wikitext(text):
    import mwparserfromhell
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    c = WikiCounter()
    c.walk(code, {})
    return c.result()


# ---------------------------------------------------------------- HTML

# snapshot hosts; plain archive.org is not one (archive.org/details/... is the
# Internet Archive's library, a cited page in its own right), only archive.org/web/...
ARCHIVE_HOSTS = ("web.archive.org", "wayback.archive.org", "archive.today",
                 "archive.is", "archive.ph", "archive.li", "archive.md", "archive.vn",
                 "archive.fo", "webcitation.org", "www.webcitation.org", "wayback.archive-it.org",
                 "ghostarchive.org", "archive.wikiwix.com", "webarchive.nla.gov.au",
                 "webarchive.org.uk", "www.webarchive.org.uk")
BOOKSOURCES = re.compile(
    r"(?:^|/)(?:Special|特殊|Spezial|Spécial|Especial|Speciale|Служебная)"
    r":(?:BookSources|网络书源|網絡書源|網路書源|书源|ISBN検索|ISBN|Buchhandlung|Ouvrages_de_référence"
    r"|Fuentes_de_libros|Ricerca_ISBN|Источники_книг)/([^/?#]+)$",
    re.I,
)


def is_snapshot(url):
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in ARCHIVE_HOSTS:
        return True
    return host in ("archive.org", "www.archive.org") and parts.path.startswith("/web/")


IDENTIFIER_PAGE = re.compile(r"(?:^|/)(?:wiki/|\./)[^/#?]*_\(identifier\)$")


def is_identifier_link(a):
    """CS1's identifier link: an external link right after the link to the
    identifier's article (doi:, PMID, PMC, JSTOR, ...), maybe wrapped in a span
    (id-lock-free and the like)."""
    from bs4 import NavigableString, Tag
    el = a
    while True:
        prev = el.previous_sibling
        while prev is not None and isinstance(prev, NavigableString) and \
                re.fullmatch(r"[\s:\u00a0]*", str(prev)):
            prev = prev.previous_sibling
        if prev is None and el.parent is not None and el.parent.name == "span" and \
                not has_class(el.parent, "reference-text"):
            el = el.parent  # climb out of a wrapper span
            continue
        break
    if isinstance(prev, Tag) and prev.name == "a":
        return bool(IDENTIFIER_PAGE.search(unquote(prev.get("href", ""))))
    return False


def has_class(el, *names):
    cls = el.get("class") or []
    return any(n in cls for n in names)


def count_html(text):
    from bs4 import BeautifulSoup
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception:  # lxml missing
        soup = BeautifulSoup(text, "html.parser")
    scope = soup.find(id="mw-content-text") or soup.find(class_="mw-parser-output") or soup.body or soup
    parsoid = bool(soup.find(attrs={"typeof": re.compile(r"mw:Extension/ref")}))

    sups = [s for s in scope.find_all("sup") if has_class(s, "reference", "mw-ref")]
    markers = 0
    for s in sups:
        a = s.find("a", href=True)
        if a is not None and "#cite_note" in a["href"]:
            markers += 1
    lists = [ol for ol in scope.find_all("ol") if has_class(ol, "references", "mw-references")]
    lengths = [len(ol.find_all("li", recursive=False)) for ol in lists]

    urls = set()
    comparable = set()  # what citecheck counts (see compare()): per note, snapshots
    # next to an original and CS1's identifier links are left out
    identifier_links = 0
    for ol in lists:
        for li in ol.find_all("li", recursive=False):
            links = []
            for a in li.find_all("a", href=True):
                rel = a.get("rel") or []
                if not (has_class(a, "external") or "mw:ExtLink" in rel):
                    continue
                href = a["href"].strip()
                if re.match(r"https?://", href, re.I):
                    urls.add(href)
                    links.append((a, href))
            has_original = any(not is_snapshot(h) and not is_identifier_link(a) for a, h in links)
            for a, href in links:
                if is_identifier_link(a):
                    identifier_links += 1
                    continue
                if has_original and is_snapshot(href):
                    continue
                comparable.add(href)
    no_archive = {u for u in urls if not is_snapshot(u)}

    isbns, raw_isbns = set(), set()
    for a in scope.find_all("a", href=True):
        m = BOOKSOURCES.search(unquote(a["href"]).split("?")[0])
        if m:
            raw_isbns.add(m.group(1))
            v = isbn13_if_valid(m.group(1))
            if v:
                isbns.add(v)
    return {
        "markers": markers,
        "notes": sum(lengths),
        "cited_urls": len(urls),
        "valid_isbns": len(isbns),
        "cited_urls_no_archive": len(no_archive),
        "cited_urls_comparable": len(comparable),
        "identifier_links": identifier_links,
        "lists": lengths,
        "sup_reference_raw": len(sups),
        "parsoid": parsoid,
        "isbns_seen": len(raw_isbns),
    }


# ---------------------------------------------------------------- driver


def detect_format(path, text, forced=None):
    if forced:
        return forced
    low = path.lower()
    if low.endswith(HTML_EXT):
        return "html"
    if low.endswith(WIKITEXT_EXT):
        return "wikitext"
    head = text.lstrip()[:500].lower()
    if head.startswith("<!doctype html") or head.startswith("<html") or "<div" in head[:50]:
        return "html"
    return "wikitext"


def count_file(path, forced=None):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    fmt = detect_format(path, text, forced)
    counts = count_wikitext(text) if fmt == "wikitext" else count_html(text)
    out = {"path": path, "format": fmt}
    out.update(counts)
    return out


def citecheck_counts(article):
    fn = article.get("footnotes") or {}
    urls = {l.get("url") for l in article.get("links") or []
            if l.get("kind") == "citation" and str(l.get("url") or "").lower().startswith("http")}
    isbns = {i.get("isbn13") or i.get("raw") for i in article.get("isbns") or [] if i.get("valid")}
    return {
        "markers": fn.get("markers"),
        "notes": fn.get("notes"),
        "cited_urls": len(urls),
        "valid_isbns": len(isbns),
    }


def resolve(path, bases):
    if os.path.isabs(path) and os.path.exists(path):
        return path
    for b in bases:
        p = os.path.join(b, path)
        if os.path.exists(p):
            return p
    return path


def compare(report_path, files, bases, forced):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    articles = report.get("articles") or []
    wanted = [os.path.normpath(p) for p in files]
    failed = False
    flagged = 0
    rows_total = 0
    for art in articles:
        apath = art.get("path", "")
        if wanted and os.path.normpath(apath) not in wanted and \
                os.path.normpath(resolve(apath, bases)) not in [os.path.normpath(resolve(w, bases)) for w in wanted]:
            continue
        local = resolve(apath, bases)
        print("== %s (%s)" % (apath, art.get("format", "?")))
        if art.get("format") == "markdown":
            print("   skipped: the oracle reads wikitext and HTML only")
            continue
        try:
            oracle = count_file(local, forced)
        except Exception as e:  # noqa: BLE001 - report and go on
            print("   oracle error: %s: %s" % (type(e).__name__, e))
            failed = True
            continue
        mine = citecheck_counts(art)
        if "cited_urls_comparable" in oracle:
            # citecheck attaches an archived copy to its original and skips CS1's
            # identifier links (see the docstring); compare like with like
            oracle = dict(oracle, cited_urls=oracle["cited_urls_comparable"])
        print("   %-12s %9s %9s %8s" % ("count", "oracle", "citecheck", "diff"))
        for key in ("markers", "notes", "cited_urls", "valid_isbns"):
            o, c = oracle.get(key), mine.get(key)
            if c is None:
                print("   %-12s %9s %9s %8s" % (key, o, "-", "n/a"))
                continue
            rel = abs(c - o) / max(o, 1)
            flag = " !!" if rel > 0.02 else ""
            flagged += bool(flag)
            rows_total += 1
            print("   %-12s %9d %9d %7.1f%%%s" % (key, o, c, 100 * rel, flag))
    print("-- %d counts compared, %d differ by more than 2%%" % (rows_total, flagged))
    return 1 if failed else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="wikitext or HTML files")
    ap.add_argument("--compare", metavar="REPORT_JSON", help="citecheck's report.json")
    ap.add_argument("--base", action="append", default=[],
                    help="folder that the report's relative paths start from (default: the working folder)")
    ap.add_argument("--format", choices=("wikitext", "html"), help="read every file as this format")
    args = ap.parse_args(argv)
    if args.compare:
        return compare(args.compare, args.files, args.base + [os.getcwd()], args.format)
    if not args.files:
        ap.error("give files, or --compare REPORT_JSON")
    status = 0
    for path in args.files:
        try:
            out = count_file(path, args.format)
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the rest
            out = {"path": path, "error": "%s: %s" % (type(e).__name__, e)}
            status = 1
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
