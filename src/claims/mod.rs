//! Claims: does the cited page say what the sentence says? The fourth
//! stage: page texts in (handed over by the fetch through [`Pages`], a
//! [`PageSink`](crate::check::PageSink)), support verdicts out. Pure: it
//! reads no file and asks no server; the texts it keeps for the run are the
//! only thing it writes, to an unnamed temporary file.
//!
//! Editors tag a sentence "failed verification" when its source does not
//! back it; this does the first reading for them, offline and with no model:
//! the sentence's checkable facts (`facts`: numbers, dates, names, quoted
//! titles) are looked up in the page's main text, and the page passage that
//! best matches the sentence (`passages`, BM25) is shown as evidence.
//!
//! The verdict, per source of a claim ([`Support`]):
//! - `unrelated`: the page is a parked domain or a spam takeover, or it
//!   shares almost none of the sentence's words (another subject);
//! - `unknown`: the page was not read (offline, a failure, not text), or
//!   the sentence has no checkable fact;
//! - `supported`: every fact is on the page;
//! - `unsupported`: the page is on topic, but a number or date of the
//!   sentence is not on it, or most of its names are not;
//! - `partial`: only a name or two is missing, and at least twice as many
//!   facts are there.
//!
//! Support never fails a build unless asked (`--fail-on unsupported`): a
//! lexical reading misses paraphrase a person would accept.

mod article;
mod facts;
mod pages;
mod passages;
mod support;
mod takeover;
mod terms;

pub use self::article::{judge, Cited, Judged};
pub use self::pages::{Pages, INDEX_BUDGET};
pub use self::passages::EVIDENCE_CHARS;
pub use self::support::{judge_source, unknown, Claim, ClaimSource, PageIndex, Support};
