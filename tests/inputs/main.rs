//! How articles are read: each dialect of Markdown, wikitext and Wikipedia's
//! HTML, real files, ISBNs against an outside oracle, any input (property
//! tests) and hostile shapes that a careless reader handles in quadratic
//! time.

#[path = "../support/mod.rs"]
mod support;

mod commonmark_spec;
mod dialect_edges;
mod dialects;
mod hostile;
mod html_links;
mod isbn_oracle;
mod parser_props;
mod real_files;
mod wiki_formats;
mod wikitext_mediawiki;
