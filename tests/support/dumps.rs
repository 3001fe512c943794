//! Wikimedia dumps built in the tests, from the documented formats: the
//! MediaWiki XML export (plain, gzip'd, one bz2 stream, or multistream bz2
//! with its index of `offset:page_id:title` lines) and the Enterprise HTML
//! dump (a `.tar.gz` holding `.ndjson`, one page a line), with the real
//! articles of `tests/fixtures/corpus/` among their pages.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::binary::root;

/// One page of a dump.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its title, as the wiki shows it.
    pub title: String,
    /// Its namespace: 0 for articles, 1 for talk pages.
    pub ns: i64,
    /// Its page id.
    pub id: u64,
    /// Its wikitext (or, for an Enterprise dump, its HTML).
    pub text: String,
    /// Whether it is a redirect.
    pub redirect: bool,
}

impl Page {
    /// An article.
    pub fn article(id: u64, title: &str, text: &str) -> Self {
        Self {
            title: title.to_owned(),
            ns: 0,
            id,
            text: text.to_owned(),
            redirect: false,
        }
    }
}

/// The corpus folder `name` (`en-wikitext`, `en-html`): the copies in
/// `tests/fixtures/corpus/` of the project's shared corpus.
pub fn corpus(name: &str) -> PathBuf {
    root().join("tests/fixtures/corpus").join(name)
}

/// The articles of a corpus folder, as pages: the file name is the title,
/// its underscores spaces, as on the wiki.
pub fn corpus_pages(name: &str, first_id: u64) -> Vec<Page> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus(name))
        .unwrap_or_else(|e| panic!("the corpus {name} is readable: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let title = f.file_stem().unwrap().to_string_lossy().replace('_', " ");
            Page::article(
                first_id + i as u64,
                &title,
                &std::fs::read_to_string(f).unwrap(),
            )
        })
        .collect()
}

/// The real wikitext articles of the corpus, with a redirect and a talk
/// page among them that an audit of articles passes over.
pub fn wikitext_pages() -> Vec<Page> {
    let mut pages = corpus_pages("en-wikitext", 10);
    let next = pages.len() as u64 + 10;
    pages.insert(
        1,
        Page {
            redirect: true,
            ..Page::article(next, "Bodmin, Cornwall", "#REDIRECT [[Bodmin]]")
        },
    );
    pages.push(Page {
        ns: 1,
        ..Page::article(
            next + 1,
            "Talk:Bodmin",
            "Is this sourced? [https://talk.example.org/source a source] ~~~~",
        )
    });
    pages
}

/// `text` with `&`, `<`, `>` and `"` escaped, as an XML dump writes it.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The head of an export: `<mediawiki …>` and its site information.
pub const HEAD: &str = "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" \
     xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"0.11\" xml:lang=\"en\">\n  \
     <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>enwiki</dbname>\n    \
     <base>https://en.wikipedia.org/wiki/Main_Page</base>\n  </siteinfo>\n";

/// The end of an export.
pub const TAIL: &str = "</mediawiki>\n";

/// One `<page>` element, as MediaWiki writes it.
pub fn page_xml(page: &Page) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "  <page>\n    <title>{}</title>\n    <ns>{}</ns>\n    <id>{}</id>\n",
        escape(&page.title),
        page.ns,
        page.id
    );
    if page.redirect {
        out.push_str("    <redirect title=\"Bodmin\" />\n");
    }
    let _ = write!(
        out,
        "    <revision>\n      <id>{}</id>\n      <parentid>{}</parentid>\n      \
         <timestamp>2024-05-{:02}T10:00:00Z</timestamp>\n      <contributor>\n        \
         <username>Someone</username>\n        <id>7</id>\n      </contributor>\n      \
         <comment>an edit</comment>\n      <model>wikitext</model>\n      \
         <format>text/x-wiki</format>\n      <text bytes=\"{}\" xml:space=\"preserve\">{}</text>\n      \
         <sha1>0</sha1>\n    </revision>\n  </page>\n",
        page.id * 100,
        page.id * 100 - 1,
        page.id % 28 + 1,
        page.text.len(),
        escape(&page.text)
    );
    out
}

/// The whole export of `pages`.
pub fn xml(pages: &[Page]) -> String {
    let mut out = HEAD.to_owned();
    for page in pages {
        out.push_str(&page_xml(page));
    }
    out.push_str(TAIL);
    out
}

/// `bytes` as one bz2 stream.
pub fn bz2(bytes: &[u8]) -> Vec<u8> {
    let mut out = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    out.write_all(bytes).unwrap();
    out.finish().unwrap()
}

/// `bytes` gzip'd.
pub fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    out.write_all(bytes).unwrap();
    out.finish().unwrap()
}

/// A multistream dump of `pages`, `per_stream` pages a stream, as Wikimedia
/// writes them: the head in a stream of its own, each stream of pages, the
/// tail; and its index, `offset:page_id:title` for every page, in bz2.
/// Returns the dump and the index.
pub fn multistream(pages: &[Page], per_stream: usize) -> (Vec<u8>, Vec<u8>) {
    let mut dump = bz2(HEAD.as_bytes());
    let mut index = String::new();
    for stream in pages.chunks(per_stream) {
        let offset = dump.len();
        let text: String = stream.iter().map(page_xml).collect();
        for page in stream {
            let _ = writeln!(index, "{offset}:{}:{}", page.id, page.title);
        }
        dump.extend(bz2(text.as_bytes()));
    }
    dump.extend(bz2(TAIL.as_bytes()));
    (dump, bz2(index.as_bytes()))
}

/// Writes a multistream dump and its index beside it, as they are
/// downloaded: `NAME-pages-articles-multistream.xml.bz2` and
/// `NAME-pages-articles-multistream-index.txt.bz2`. Returns the dump's path.
pub fn write_multistream(dir: &Path, name: &str, pages: &[Page], per_stream: usize) -> PathBuf {
    let (dump, index) = multistream(pages, per_stream);
    let path = dir.join(format!("{name}-pages-articles-multistream.xml.bz2"));
    std::fs::write(&path, dump).unwrap();
    std::fs::write(
        dir.join(format!("{name}-pages-articles-multistream-index.txt.bz2")),
        index,
    )
    .unwrap();
    path
}

/// An Enterprise HTML dump of `pages` (their text is HTML): one `.ndjson`
/// file in a `.tar.gz`, one JSON object a line, with the fields the
/// Enterprise API documents.
pub fn enterprise(pages: &[Page]) -> Vec<u8> {
    let mut lines = String::new();
    for page in pages {
        let record = serde_json::json!({
            "name": page.title,
            "identifier": page.id,
            "url": format!("https://en.wikipedia.org/wiki/{}", page.title.replace(' ', "_")),
            "date_modified": "2024-03-01T12:00:00Z",
            "namespace": {"identifier": page.ns},
            "in_language": {"identifier": "en"},
            "version": {"identifier": page.id * 100, "editor": {"name": "Someone"}},
            "is_part_of": {"identifier": "enwiki"},
            "article_body": {"html": page.text, "wikitext": ""},
            "license": [{"name": "Creative Commons Attribution Share Alike 3.0 Unported"}],
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    enterprise_of(&lines)
}

/// An Enterprise dump of `lines` as given: one `.ndjson` file in a
/// `.tar.gz`.
pub fn enterprise_of(lines: &str) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(lines.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, "enwiki_namespace_0_0.ndjson", lines.as_bytes())
        .unwrap();
    gz(&tar.into_inner().unwrap())
}
