#!/usr/bin/env python3
"""Compares citecheck with outside oracles over a folder of real Markdown files
and prints every disagreement.

    compare.py CORPUS [--citecheck BIN] [--lychee BIN] [--quiet]

CORPUS holds one folder per repository (its root for links written from `/`;
files directly in CORPUS have CORPUS as their root). For every file:

- links: citecheck's report.json (`--offline`) against `lychee --dump`, each
  resolved to one comparable form (web URLs percent-decoded with the scheme
  and host in lower case; local links as absolute `file://` paths with their
  fragment), compared as multisets;
- local links' verdicts: citecheck's (ok, or missing_file/invalid) against
  `lychee --offline --include-fragments` (file found, fragment found);
- GFM footnotes: citecheck's markers, notes, orphaned and dangling notes
  against markdown-it-py with mdit-py-plugins' footnote plugin (an
  independent CommonMark parser), for files where that parser finds GFM
  footnotes.

Each disagreement gets a class, guessed from the source around it (an HTML
comment, raw HTML, front matter, code, a scheme-relative URL, the end of a
URL, …), so that the figures can be read by class. Needs python3 with
markdown-it-py and mdit-py-plugins, lychee 0.24 on PATH, and a built
citecheck (default: target/debug/citecheck, or $CARGO_TARGET_DIR's).
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def canonical(url):
    """One comparable form of a URL: decoded, scheme and host lower-cased, no
    lone trailing slash."""
    if url.startswith("file://"):
        parts = urlsplit(url)
        path = os.path.normpath(unquote(parts.path)) if parts.path else ""
        host = parts.netloc.lower()
        fragment = "#" + unquote(parts.fragment) if parts.fragment or url.endswith("#") else ""
        return f"file://{host}{path}{fragment}"
    if not SCHEME.match(url):
        return url
    parts = urlsplit(url)
    path = remove_dot_segments(unquote(parts.path))
    if path == "/":
        path = ""
    query = "?" + unquote(parts.query) if parts.query else ""
    fragment = "#" + unquote(parts.fragment) if parts.fragment else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}{fragment}" if parts.netloc else url


def remove_dot_segments(path):
    """`/a/./b/../c` as `/a/c`, as every URL parser reads it (RFC 3986 5.2.4)."""
    if "/." not in path:
        return path
    out = []
    for segment in path.split("/"):
        if segment == ".":
            continue
        if segment == "..":
            if len(out) > 1:
                out.pop()
            continue
        out.append(segment)
    if path.endswith(("/.", "/..")):
        out.append("")
    return "/".join(out)


def citecheck_form(link, article, root):
    """A citecheck link in lychee's terms."""
    url = link["url"]
    if link.get("resolved_url"):
        return canonical(link["resolved_url"])
    if url == "":
        return "<empty>"
    if SCHEME.match(url) or url.startswith("//"):
        return canonical(url)
    before, hash_, fragment = url.partition("#")
    path = before.split("?")[0]
    path = unquote(path)
    if path.startswith("/"):
        absolute = os.path.join(root, path.lstrip("/"))
    elif path == "":
        absolute = article
    else:
        absolute = os.path.join(os.path.dirname(article), path)
    absolute = os.path.normpath(absolute)
    return f"file://{absolute}" + (f"#{unquote(fragment)}" if hash_ else "")


def run_citecheck(binary, root, files):
    # Builds before --root-dir (to measure what it changed) run from the root.
    help_text = subprocess.run([binary, "check", "--help"], capture_output=True, text=True,
                               check=False).stdout
    rooted = ["--root-dir", root] if "--root-dir" in help_text else []
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [binary, "check", "--offline", "--no-cache", "--no-archive", "--no-isbn-lookup",
             *rooted, "--out", out, *files], cwd=root,
            capture_output=True, text=True, check=False)
        if done.returncode == 2:
            print(done.stderr, file=sys.stderr)
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            return json.load(f)


DUMP_LINE = re.compile(r"^(\S+) \((.*)\)( \[excluded\])?$")


def run_lychee(binary, root, files):
    done = subprocess.run(
        [binary, "--dump", "--offline", "--verbose", "--no-progress", "--root-dir", root, *files],
        capture_output=True, text=True, check=False)
    found = collections.defaultdict(list)
    for line in done.stdout.splitlines():
        m = DUMP_LINE.match(line)
        if m:
            found[os.path.abspath(m.group(2))].append(canonical(m.group(1)))
    return found


def run_lychee_local(binary, root, files):
    """lychee's verdicts on local links (`--offline --include-fragments`):
    {article: {url: "ok" | "broken"}}."""
    done = subprocess.run(
        [binary, "--offline", "--include-fragments", "--verbose", "--no-progress",
         "--format", "json", "--root-dir", root, *files],
        capture_output=True, text=True, check=False)
    verdicts = collections.defaultdict(dict)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return verdicts
    for key, verdict in (("success_map", "ok"), ("error_map", "broken")):
        for source, entries in (report.get(key) or {}).items():
            for entry in entries:
                url = canonical(entry["url"])
                if url.startswith("file:///"):
                    verdicts[os.path.abspath(source)][url] = verdict
    return verdicts


def front_matter_end(text):
    """The offset where a YAML/TOML front matter block or a Pelican header
    ends (0 if none)."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            if end >= 0:
                return end + len(fence) + 1
    return 0


def regions(text):
    """(start, end, class) of the parts of a file a reader may skip."""
    found = []
    end = front_matter_end(text)
    if end:
        found.append((0, end, "front matter"))
    for m in re.finditer(r"<!--.*?-->", text, re.S):
        found.append((m.start(), m.end(), "inside an HTML comment"))
    for m in re.finditer(r"<noscript>.*?</noscript>", text, re.S | re.I):
        found.append((m.start(), m.end(), "inside <noscript> (lychee skips it)"))
    for m in re.finditer(r"^(```|~~~).*?^\1", text, re.S | re.M):
        found.append((m.start(), m.end(), "inside a code block"))
    for m in re.finditer(r"`[^`\n]+`", text):
        found.append((m.start(), m.end(), "inside inline code"))
    for m in re.finditer(r"<[A-Za-z][^>]*>", text, re.S):
        found.append((m.start(), m.end(), "in a raw HTML tag"))
    return found


def where(text, needles):
    """(line, class) of a place a needle occurs: the first that lies in a
    region a reader may skip (the likely cause of a disagreement), else the
    first; (None, None) when none occurs."""
    spans = regions(text)
    first = (None, None)
    for needle in needles:
        if not needle:
            continue
        at = text.find(needle)
        while at >= 0:
            line = text.count("\n", 0, at) + 1
            for start, end, kind in spans:
                if start <= at < end:
                    return line, kind
            if first == (None, None):
                first = (line, None)
            at = text.find(needle, at + 1)
    return first


def needles_for(url, article):
    """Texts that may be how a URL was written in the article."""
    out = [url]
    if url.startswith("file://"):
        path, _, fragment = url[len("file://"):].partition("#")
        rel = os.path.relpath(path, os.path.dirname(article)) if path.startswith("/") else path
        out += [rel + ("#" + fragment if fragment else ""), "#" + fragment if fragment else "",
                os.path.basename(path)]
    else:
        out.append(url.split("://", 1)[-1])
    return out


def classify(url, side, other_side, article, text):
    """A class for one unmatched link; side is 'citecheck' or 'lychee'."""
    if url == "<empty>":
        return None, "empty destination (lychee skips it with a warning)"
    if url.startswith("file://") and not url.startswith("file:///"):
        return None, "scheme-relative //host/path (lychee: file://host, excluded; citecheck: https)"
    if side == "citecheck" and url.startswith("https://") and any(
            o.startswith("file://" + url[len("https://"):].split("/")[0]) for o in other_side):
        return None, "scheme-relative //host/path (lychee: file://host, excluded; citecheck: https)"
    for other in other_side:
        if other != url and (other.startswith(url) or url.startswith(other)) and \
                abs(len(other) - len(url)) <= 12 and SCHEME.match(url):
            return None, "where a URL ends (one side's URL is a prefix of the other's)"
    if f"<{url}>" in text and not url.startswith(("http://", "https://")):
        return None, "an autolink lychee drops (<File:X> left by the wiki converter)"
    line, kind = where(text, needles_for(url, article))
    if kind:
        return line, kind
    if side == "lychee" and url.startswith("file://") and "#" not in url and line is None:
        return None, "lychee resolves a reference or path differently"
    return line, "in the text" if line else "not found verbatim in the source"


def walk(tokens):
    for t in tokens:
        yield t
        if t.children:
            yield from walk(t.children)


REF = re.compile(r"\[\^([^\]\s]+)\]")


def oracle_footnotes(text):
    """markdown-it-py's reading: markers, defined labels, orphaned, dangling."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    env = {}
    tokens = md.parse(text, env)
    refs = env.get("footnotes", {}).get("refs", {})
    defined = [k[1:] for k in refs]
    orphaned = sorted(k[1:] for k, v in refs.items() if v == -1)
    markers = 0
    dangling = set()
    dangling_count = 0
    for t in walk(tokens):
        if t.type == "footnote_ref":
            markers += 1
        elif t.type == "text":
            for m in REF.finditer(t.content):
                if ":" + m.group(1) not in refs:
                    dangling.add(m.group(1))
                    dangling_count += 1
    return {"markers": markers + dangling_count, "notes": sorted(defined),
            "orphaned": orphaned, "dangling": sorted(dangling)}


def compare_footnotes(article, text):
    oracle = oracle_footnotes(text)
    if not oracle["notes"] and not oracle["dangling"]:
        return None, []
    mine = article["footnotes"]
    ours = {"markers": mine["markers"], "notes": sorted(i["id"] for i in mine["items"]),
            "orphaned": sorted(mine["orphaned"]), "dangling": sorted(mine["dangling"])}
    return oracle, [(k, ours[k], oracle[k]) for k in ours if ours[k] != oracle[k]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    parser.add_argument("--citecheck", default=os.path.join(target, "debug", "citecheck"))
    parser.add_argument("--lychee", default="lychee")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    if os.sep in args.citecheck:
        args.citecheck = os.path.abspath(args.citecheck)
    groups = collections.defaultdict(list)
    for dirpath, dirnames, filenames in os.walk(corpus):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md"):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, corpus)
                top = rel.split(os.sep)[0] if os.sep in rel else ""
                groups[os.path.join(corpus, top) if top else corpus].append(path)

    figures = collections.Counter()
    classes = collections.Counter()
    footnote_classes = collections.Counter()
    verdict_classes = collections.Counter()
    for root, files in sorted(groups.items()):
        report = run_citecheck(args.citecheck, root, files)
        dumped = run_lychee(args.lychee, root, files)
        judged = run_lychee_local(args.lychee, root, files)
        for article in report["articles"]:
            path = os.path.abspath(os.path.join(root, article["path"])) \
                if not os.path.isabs(article["path"]) else article["path"]
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            figures["files"] += 1
            ours = collections.Counter(citecheck_form(l, path, root) for l in article["links"])
            theirs = collections.Counter(dumped.get(path, []))
            agree = sum((ours & theirs).values())
            only_ours = ours - theirs
            only_theirs = theirs - ours
            figures["citecheck links"] += sum(ours.values())
            figures["lychee links"] += sum(theirs.values())
            figures["agreements"] += agree
            shown = os.path.relpath(path, corpus)
            for side, only, other in (("citecheck", only_ours, only_theirs),
                                      ("lychee", only_theirs, only_ours)):
                for url, n in sorted(only.items()):
                    line, kind = classify(url, side, other, path, text)
                    classes[(f"only {side}", kind)] += n
                    figures[f"only {side}"] += n
                    if not args.quiet:
                        print(f"LINK {shown}:{line or '?'} only {side} ×{n} [{kind}] {url}")
            ours_local = {}
            for link in article["links"]:
                form = citecheck_form(link, path, root)
                if form.startswith("file:///") and link["status"] in ("ok", "missing_file", "invalid"):
                    ours_local[form] = (link["status"], link["detail"], link["line"])
            for url, (status, detail, line) in sorted(ours_local.items()):
                theirs_verdict = judged.get(path, {}).get(url)
                if theirs_verdict is None:
                    continue
                figures["local links judged by both"] += 1
                mine = "ok" if status == "ok" else "broken"
                if "#" in url:
                    figures["  of which with a fragment"] += 1
                    figures["  of which with a fragment lychee finds missing"] += \
                        theirs_verdict == "broken"
                if mine == theirs_verdict:
                    figures["local verdicts agreeing"] += 1
                    continue
                kind = "fragment" if "#" in url else "file"
                verdict_classes[(kind, f"citecheck {mine}, lychee {theirs_verdict}")] += 1
                if not args.quiet:
                    print(f"LOCAL {shown}:{line} citecheck {status} / lychee {theirs_verdict} {url} ({detail})")
            oracle, diffs = compare_footnotes(article, text)
            if oracle is not None:
                figures["files with GFM footnotes"] += 1
                figures["footnote markers (oracle)"] += oracle["markers"]
                figures["footnote notes (oracle)"] += len(oracle["notes"])
                figures["footnote files agreeing"] += not diffs
                for field, mine, theirs_value in diffs:
                    footnote_classes[field] += 1
                    if not args.quiet:
                        print(f"NOTE {shown} {field}: citecheck {mine} / markdown-it-py {theirs_value}")
    print("\n== figures")
    for k, v in figures.items():
        print(f"{k}: {v}")
    print("\n== link disagreements by class")
    for (side, kind), n in classes.most_common():
        print(f"{n:5}  {side}: {kind}")
    print("\n== local link verdicts (lychee --include-fragments) disagreeing")
    for (kind, what), n in verdict_classes.most_common():
        print(f"{n:5}  {kind}: {what}")
    print("\n== footnote disagreements by field (files)")
    for field, n in footnote_classes.most_common():
        print(f"{n:5}  {field}")


if __name__ == "__main__":
    main()
