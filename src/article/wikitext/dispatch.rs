//! Which template does what: notes (`{{efn}}`, `{{#tag:ref}}`), notes lists
//! with definitions (`{{reflist|refs=}}`), citations, short citations,
//! maintenance tags, archive links, templates with text people read, and
//! every other template, whose parameters are data.

use std::ops::Range;

use super::cite;
use super::render::{starts_with_scheme, Ctx, Out, Renderer};
use super::template::Call;
use super::urls;
use crate::article::model::{collapse_whitespace, CitedSource, MaintenanceTag, TagKind};
use crate::article::wiki::tag_kind;

impl Renderer<'_> {
    /// A template call.
    pub(super) fn template(&mut self, range: Range<usize>, out: &mut Out, ctx: &Ctx) {
        let call = Call::parse(self.scanned, range.clone());
        let key = call.key.as_str();
        if let Some(kind) = tag_kind(key) {
            self.maintenance(kind, range, out, ctx);
            return;
        }
        if cite::is_citation(key) {
            cite::citation(self, &call, out, ctx);
            return;
        }
        if let Some(short) = cite::short_citation(self, &call) {
            cite::place_short(self, short, range.start, out, ctx);
            return;
        }
        match key {
            "#tag:ref" => {
                // `#tag` strips one pair of quotes around a value
                // (`CoreParserFunctions::tagObj`).
                let name = call.named(&["name"]).map(|r| unquote(self.text(r)));
                let group = call.named(&["group"]).map(|r| unquote(self.text(r)));
                self.note(range.start, name, group, call.positional(1), out, ctx);
            }
            "efn" | "efn-ua" | "efn-lr" | "efn-ur" | "efn-lg" | "notetag" | "refn" | "efn-la"
            | "efn-ur2" => {
                let group = match key {
                    "efn-ua" => Some("upper-alpha".to_owned()),
                    "efn-lr" => Some("lower-roman".to_owned()),
                    "efn-ur" | "efn-ur2" => Some("upper-roman".to_owned()),
                    "efn-lg" => Some("lower-greek".to_owned()),
                    "refn" => call.named(&["group"]).map(|r| self.text(r).to_owned()),
                    _ => Some("lower-alpha".to_owned()),
                };
                let name = call.named(&["name"]).map(|r| self.text(r).to_owned());
                let content = call.positional(1).or_else(|| call.named(&["text"]));
                let content = content.or(Some(range.end..range.end));
                self.note(range.start, name, group, content, out, ctx);
            }
            "reflist" | "references" | "notelist" | "notelist-ua" | "notelist-lr"
            | "notelist-ur" | "notelist-lg" | "reflist-talk" | "notefoot" | "refs" | "notes"
            | "reference list" | "reflist2" => {
                if let Some(refs) = call.named(&["refs", "notes"]) {
                    let group = match key {
                        "notelist" => Some("lower-alpha".to_owned()),
                        "notelist-ua" => Some("upper-alpha".to_owned()),
                        "notelist-lr" => Some("lower-roman".to_owned()),
                        "notelist-ur" => Some("upper-roman".to_owned()),
                        "notelist-lg" => Some("lower-greek".to_owned()),
                        _ => call.named(&["group"]).map(|r| self.text(r).to_owned()),
                    };
                    let defining = Ctx {
                        defining: Some(group),
                        ..ctx.clone()
                    };
                    self.render(refs, out, &defining);
                }
            }
            "isbn" | "isbnt" => {
                out.push("ISBN ", self.line(range.start));
                if let Some(isbn) = call.positional(1) {
                    self.flush(isbn, out);
                }
            }
            "webarchive" | "wayback" | "webcite" | "cite archive" | "archive.is" => {
                let archive = call
                    .named(&["url", "url1"])
                    .map(|r| self.text(r).to_owned());
                if let Some(archive) = archive {
                    cite::attach_archive(self, &archive, range.start, ctx);
                }
            }
            "rp" | "r" => {
                // `{{r|name}}` reuses named notes.
                // Its group is `group=` (or `g=`), as Template:R reads it.
                if key == "r" {
                    let group = call
                        .named(&["group", "g"])
                        .map(|r| self.text(r).trim().to_owned())
                        .filter(|g| !g.is_empty());
                    let names: Vec<Range<usize>> = call.positionals().collect();
                    for name in names {
                        let name = self.text(name).trim().to_owned();
                        if name.is_empty() {
                            continue;
                        }
                        self.note(range.start, Some(name), group.clone(), None, out, ctx);
                    }
                }
            }
            _ => self.other_template(&call, range, out, ctx),
        }
    }

    fn maintenance(&mut self, kind: TagKind, range: Range<usize>, out: &mut Out, ctx: &Ctx) {
        self.tags.push(MaintenanceTag {
            kind,
            line: self.line(range.start),
            text: collapse_whitespace(self.text(range)),
        });
        match kind {
            TagKind::CitationNeeded if ctx.note.is_none() => {
                out.block.needs_citation.push(out.len());
            }
            TagKind::DeadLink => {
                let note = ctx.note.clone();
                if let Some(link) = self.links.last_mut().filter(|l| l.note == note) {
                    let cited = link.cited.get_or_insert_with(CitedSource::default);
                    cited.url_status.get_or_insert_with(|| "dead".to_owned());
                }
            }
            _ => {}
        }
    }

    /// Templates with text people read (`{{lang}}`, `{{convert}}`, `{{nowrap}}`)
    /// give that text; any other template's parameters are rendered as data,
    /// not prose, so that notes and links inside them are still found.
    fn other_template(&mut self, call: &Call, range: Range<usize>, out: &mut Out, ctx: &Ctx) {
        let key = call.key.as_str();
        let line = self.line(range.start);
        let literal = match key {
            "ndash" | "–" => Some("–"),
            "mdash" | "—" => Some("—"),
            "snd" | "spaced ndash" | "spnd" | "sndash" => Some(" – "),
            "nbsp" | "space" | "sp" => Some(" "),
            "'" => Some("'"),
            "\"'" | "'\"" => Some("\""),
            "!" => Some("|"),
            "=" => Some("="),
            "·" | "dot" | "middot" => Some(" · "),
            _ => None,
        };
        if let Some(literal) = literal {
            out.push(literal, line);
            return;
        }
        let shown = match key {
            "lang" | "transl" | "transliteration" => call.positionals().last(),
            "nowrap" | "nobr" | "small" | "big" | "smaller" | "larger" | "em" | "strong"
            | "smallcaps" | "sc" | "abbr" | "ill" | "interlanguage link" | "illm" | "sic"
            | "linktext" | "tooltip" | "lang-zh" | "zhi" | "noitalic" | "nihongo"
            | "as written" | "ipa" | "angbr" | "keypress" | "code" | "mono" | "var" | "serif"
            | "resize" | "small caps" | "visible anchor" | "vanchor" | "anchor" => {
                if key == "anchor" {
                    None
                } else {
                    call.positional(1)
                }
            }
            "quote" | "blockquote" | "cquote" | "quotation" | "quote box" => call
                .named(&["text", "quote", "1"])
                .or_else(|| call.positional(1)),
            _ if key.starts_with("lang-") => call.positional(1),
            _ => None,
        };
        if let Some(shown) = shown {
            self.render(shown, out, ctx);
            return;
        }
        if matches!(key, "convert" | "cvt") {
            let parts: Vec<Range<usize>> = call.positionals().take(2).collect();
            for part in parts {
                self.flush(part, out);
                out.push(" ", line);
            }
            return;
        }
        // Any other template: its parameters are data. Values that are web
        // addresses are links (`{{URL|…}}`, `{{official website|…}}`).
        let start = out.len();
        let values: Vec<Range<usize>> = call.params.iter().map(|p| p.value.clone()).collect();
        for value in values {
            let raw = self.text(value.clone());
            if starts_with_scheme(raw) && !raw.contains(char::is_whitespace) && !raw.contains('[') {
                // `{{URL|…}}` writes it into a bracketed link.
                let text = self.scanned.text.as_str();
                let href = urls::read(text, value.start, value.end, true)
                    .map_or_else(|| raw.to_owned(), |a| a.href);
                self.declare(&href, value.start, ctx);
                continue;
            }
            out.space();
            self.render(value, out, ctx);
        }
        if out.len() > start {
            out.space();
            out.block.captions.push(start..out.len());
        }
    }
}

/// A `#tag` attribute value without the one pair of quotes around it.
fn unquote(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner.to_owned();
        }
    }
    value.to_owned()
}
