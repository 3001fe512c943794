//! What a run audits, read again for each of its passes: the sources it was
//! handed one by one (files, pages a wiki served), then the pages of each
//! dump, streamed a batch at a time so that memory stays flat however large
//! the dump.

use std::ops::Deref;
use std::path::PathBuf;

use crate::article::dump::{Dump, DumpOptions, Pages, Skipped};
use crate::article::Source;
use crate::inputs::{SourceResult, Unavailable};

/// A run's articles: [`Articles::chunks`] reads them in order, as often as
/// a pass asks.
#[derive(Debug, Clone, Copy)]
pub struct Articles<'a> {
    /// Files and fetched pages, read first.
    pub sources: &'a [SourceResult],
    /// Dumps, read after the sources, one after the other.
    pub dumps: &'a [Dump],
    /// Which of a dump's pages are audited.
    pub dump_options: &'a DumpOptions,
}

impl<'a> Articles<'a> {
    /// Sources only, no dump.
    #[must_use]
    pub fn of(sources: &'a [SourceResult]) -> Self {
        static NONE: DumpOptions = DumpOptions {
            namespaces: Vec::new(),
            shard: None,
            index: None,
        };
        Self {
            sources,
            dumps: &[],
            dump_options: &NONE,
        }
    }

    /// The articles in order, about `size` at a time (a dump's batches keep
    /// their own size). Each call reads the dumps anew.
    #[must_use]
    pub fn chunks(&self, size: usize) -> Chunks<'a> {
        Chunks {
            sources: self.sources.chunks(size.max(1)),
            dumps: self.dumps.iter(),
            options: self.dump_options,
            reading: None,
            skipped: Vec::new(),
        }
    }
}

/// A few articles of a run, borrowed from its sources or read from a dump.
#[derive(Debug)]
pub enum Chunk<'a> {
    /// Sources the run was handed.
    Had(&'a [SourceResult]),
    /// Pages of a dump, and its faults as unavailable articles.
    Read(Vec<SourceResult>),
}

impl Deref for Chunk<'_> {
    type Target = [SourceResult];

    fn deref(&self) -> &[SourceResult] {
        match self {
            Self::Had(sources) => sources,
            Self::Read(sources) => sources,
        }
    }
}

/// The iterator of [`Articles::chunks`].
#[derive(Debug)]
pub struct Chunks<'a> {
    sources: std::slice::Chunks<'a, SourceResult>,
    dumps: std::slice::Iter<'a, Dump>,
    options: &'a DumpOptions,
    reading: Option<(&'a Dump, Pages)>,
    skipped: Vec<(PathBuf, Skipped)>,
}

impl Chunks<'_> {
    /// What each dump read to its end passed over, by reason.
    #[must_use]
    pub fn skipped(&self) -> &[(PathBuf, Skipped)] {
        &self.skipped
    }
}

impl<'a> Iterator for Chunks<'a> {
    type Item = Chunk<'a>;

    fn next(&mut self) -> Option<Chunk<'a>> {
        if let Some(had) = self.sources.next() {
            return Some(Chunk::Had(had));
        }
        loop {
            if self.reading.is_none() {
                let dump = self.dumps.next()?;
                self.reading = Some((dump, dump.pages(self.options)));
            }
            let (dump, pages) = self.reading.as_mut()?;
            if let Some(batch) = pages.next() {
                let read = batch
                    .into_iter()
                    .map(|page| match page {
                        Ok(page) => Ok(Source::Dumped(Box::new(page))),
                        Err(fault) => Err(Unavailable {
                            name: fault.path(),
                            why: Box::new(fault),
                        }),
                    })
                    .collect();
                return Some(Chunk::Read(read));
            }
            self.skipped.push((dump.path.clone(), pages.skipped()));
            self.reading = None;
        }
    }
}
