//! The cited pages as the claims read them: each page's main text, kept on
//! disk until its claims are judged, and its index when one was made as the
//! page arrived. [`Pages`] is the [`PageSink`] the fetch hands texts to.
//!
//! A whole wiki cites tens of thousands of pages, each with up to 48 K
//! characters of text: held in memory that would be gigabytes. The texts go
//! to an unnamed temporary file as they arrive (the operating system removes
//! it when the run ends, even a killed run), and memory keeps only where
//! each one is. Reading one back is a positioned read the page cache
//! usually answers.
//!
//! Pages handed over during the fetch are indexed there, while the run
//! waits on the network ([`PageIndex`]); the indexes are kept in memory up
//! to [`INDEX_BUDGET`], and a page beyond it is indexed again from its text
//! when its claims are judged.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

use super::support::PageIndex;
use crate::check::{PageInfo, PageSink};

/// The most memory the indexes made during the fetch may hold.
pub const INDEX_BUDGET: usize = 64 * 1024 * 1024;

/// The texts and indexes of a run's pages, by the URL fetched.
#[derive(Debug, Default)]
pub struct Pages {
    kept: Mutex<Kept>,
}

/// What [`Pages`] holds behind its lock.
#[derive(Debug, Default)]
struct Kept {
    file: Option<File>,
    /// `(offset, length)` in bytes.
    at: HashMap<Url, (u64, u32)>,
    end: u64,
    /// Whether the temporary file could not be made or written: the texts
    /// that did not fit are not kept, and their claims are `unknown`.
    failed: bool,
    /// Indexes made as pages arrived, within [`INDEX_BUDGET`].
    indexes: HashMap<Url, Arc<PageIndex>>,
    index_bytes: usize,
}

impl PageSink for Pages {
    /// Keeps the text and, within the budget, an index made now: this runs
    /// in the fetch's task, while other requests wait on the network.
    fn page(&self, url: &Url, text: &str, info: Option<&PageInfo>) {
        let index = (self.lock().index_bytes < INDEX_BUDGET).then(|| {
            PageIndex::new(
                text,
                info.and_then(|p| p.title.as_deref()),
                info.and_then(|p| p.description.as_deref()),
            )
        });
        let mut kept = self.lock();
        kept.put(url, text);
        if let Some(index) = index {
            kept.put_index(url, index);
        }
    }

    /// Keeps the text only: a cached page is indexed when its claims are
    /// judged, on every core, rather than one at a time here.
    fn cached(&self, url: &Url, text: &str, _info: Option<&PageInfo>) {
        self.put(url, text);
    }
}

impl Pages {
    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `text` as the main text of `url`, replacing an earlier one,
    /// without indexing it.
    pub fn put(&self, url: &Url, text: &str) {
        self.lock().put(url, text);
    }

    /// The index made of `url`'s page as it arrived, if it was kept.
    #[must_use]
    pub fn index(&self, url: &Url) -> Option<Arc<PageIndex>> {
        self.lock().indexes.get(url).cloned()
    }

    /// The main text of `url`, if its page was read.
    #[must_use]
    pub fn text(&self, url: &Url) -> Option<String> {
        let mut kept = self.lock();
        let &(offset, len) = kept.at.get(url)?;
        let file = kept.file.as_mut()?;
        let mut bytes = vec![0; len as usize];
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// How many texts are kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().at.len()
    }

    /// Whether none is.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Kept {
    fn put(&mut self, url: &Url, text: &str) {
        if text.is_empty() || self.failed || text.len() > u32::MAX as usize {
            return;
        }
        if self.file.is_none() {
            let Ok(file) = tempfile::tempfile() else {
                self.failed = true;
                return;
            };
            self.file = Some(file);
        }
        let end = self.end;
        let Some(file) = &mut self.file else { return };
        let written = file
            .seek(SeekFrom::Start(end))
            .and_then(|_| file.write_all(text.as_bytes()));
        if written.is_err() {
            self.failed = true;
            return;
        }
        self.at.insert(url.clone(), (end, text.len() as u32));
        self.end += text.len() as u64;
    }

    fn put_index(&mut self, url: &Url, index: PageIndex) {
        let bytes = index.approx_bytes();
        if self.index_bytes + bytes <= INDEX_BUDGET {
            self.index_bytes += bytes;
            self.indexes.insert(url.clone(), Arc::new(index));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_went_in_and_the_last_one_wins() {
        let texts = Pages::default();
        let a = Url::parse("https://a.example/").unwrap();
        let b = Url::parse("https://b.example/").unwrap();
        texts.put(&a, "first 文字");
        texts.page(&b, "second", None);
        texts.put(&a, "third");
        assert_eq!(texts.text(&a).as_deref(), Some("third"));
        assert_eq!(texts.text(&b).as_deref(), Some("second"));
        assert!(texts.index(&b).is_some(), "a page handed over is indexed");
        assert!(texts.index(&a).is_none(), "a text put is not");
        assert_eq!(texts.text(&Url::parse("https://c.example/").unwrap()), None);
        assert_eq!(texts.len(), 2);
    }
}
