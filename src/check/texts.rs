//! The main texts of a run's fetched pages, kept on disk until the claims
//! are judged.
//!
//! A whole wiki cites tens of thousands of pages, each with up to 48 K
//! characters of text: held in memory that would be gigabytes. The texts go
//! to an unnamed temporary file as they arrive (the operating system removes
//! it when the run ends, even a killed run), and memory keeps only where
//! each one is. Reading one back is a positioned read the page cache
//! usually answers.
//!
//! Pages read during the fetch are also indexed for the claims there, while
//! the run waits on the network ([`PageIndex`]); the indexes are kept in
//! memory up to [`INDEX_BUDGET`], and a page beyond it is indexed again from
//! its text when its claims are judged.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

use url::Url;

use super::support::PageIndex;

/// The most memory the indexes made during the fetch may hold.
pub const INDEX_BUDGET: usize = 64 * 1024 * 1024;

/// Where the texts are, by the URL fetched.
#[derive(Debug, Default)]
pub struct PageTexts {
    file: Option<Mutex<File>>,
    /// `(offset, length)` in bytes.
    at: HashMap<Url, (u64, u32)>,
    end: u64,
    /// Whether the temporary file could not be made or written: the texts
    /// that did not fit are not kept, and their claims are `unknown`.
    failed: bool,
    /// Indexes made while fetching, within [`INDEX_BUDGET`].
    indexes: HashMap<Url, Arc<PageIndex>>,
    index_bytes: usize,
}

impl PageTexts {
    /// Keeps `text` as the main text of `url`, replacing an earlier one.
    pub(crate) fn put(&mut self, url: &Url, text: &str) {
        if text.is_empty() || self.failed || text.len() > u32::MAX as usize {
            return;
        }
        if self.file.is_none() {
            let Ok(file) = tempfile::tempfile() else {
                self.failed = true;
                return;
            };
            self.file = Some(Mutex::new(file));
        }
        let Some(file) = &self.file else { return };
        let mut file = file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let written = file
            .seek(SeekFrom::Start(self.end))
            .and_then(|_| file.write_all(text.as_bytes()));
        if written.is_err() {
            self.failed = true;
            return;
        }
        self.at.insert(url.clone(), (self.end, text.len() as u32));
        self.end += text.len() as u64;
    }

    /// Keeps the index of `url`'s page, if the budget allows.
    pub(crate) fn put_index(&mut self, url: &Url, index: PageIndex) {
        let bytes = index.approx_bytes();
        if self.index_bytes + bytes <= INDEX_BUDGET {
            self.index_bytes += bytes;
            self.indexes.insert(url.clone(), Arc::new(index));
        }
    }

    /// The index made of `url`'s page while fetching, if it was kept.
    #[must_use]
    pub fn index(&self, url: &Url) -> Option<Arc<PageIndex>> {
        self.indexes.get(url).cloned()
    }

    /// The main text of `url`, if its page was read.
    #[must_use]
    pub fn get(&self, url: &Url) -> Option<String> {
        let &(offset, len) = self.at.get(url)?;
        let mut file = self
            .file
            .as_ref()?
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut bytes = vec![0; len as usize];
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// How many texts are kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether none is.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_they_went_in_and_the_last_one_wins() {
        let mut texts = PageTexts::default();
        let a = Url::parse("https://a.example/").unwrap();
        let b = Url::parse("https://b.example/").unwrap();
        texts.put(&a, "first 文字");
        texts.put(&b, "second");
        texts.put(&a, "third");
        assert_eq!(texts.get(&a).as_deref(), Some("third"));
        assert_eq!(texts.get(&b).as_deref(), Some("second"));
        assert_eq!(texts.get(&Url::parse("https://c.example/").unwrap()), None);
        assert_eq!(texts.len(), 2);
    }
}
