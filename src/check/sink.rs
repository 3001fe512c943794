//! Where the fetch hands what it finds, as it finds it, to whoever called
//! it (ripgrep's searcher pushes matches into a `Sink` the same way): each
//! verdict as soon as it is reached (the cache commits it), each page's main
//! text as soon as it is read (the claims keep and index it). The fetch
//! decides nothing about what is kept.

use std::sync::Arc;

use url::Url;

use super::page::PageInfo;
use super::status::Verdict;

/// Takes the main text of each page read, as it is read. Called from many
/// fetch tasks at once, so it works through `&self`; what it does runs while
/// other requests wait on the network.
pub trait PageSink: Send + Sync {
    /// The main text of the page fetched for `url` (its fragment removed),
    /// with what the page says of itself.
    fn page(&self, url: &Url, text: &str, info: Option<&PageInfo>);

    /// The main text of a page the cache kept from an earlier run. Nothing
    /// waits on the network for it, so a sink may leave the work for later;
    /// by default it is taken as [`page`](Self::page) takes a fresh one.
    fn cached(&self, url: &Url, text: &str, info: Option<&PageInfo>) {
        self.page(url, text, info);
    }
}

/// A channel taking each verdict of a run as soon as it is reached: the URL
/// and its verdict, before any archive snapshot is looked for.
#[derive(Clone)]
pub struct VerdictSink(tokio::sync::mpsc::UnboundedSender<(Url, Verdict)>);

impl VerdictSink {
    /// A sink and the receiving end of its channel.
    #[must_use]
    pub fn channel() -> (Self, tokio::sync::mpsc::UnboundedReceiver<(Url, Verdict)>) {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        (Self(sender), receiver)
    }

    /// Hands on a verdict. A receiver that is gone is no reason to stop
    /// checking.
    pub(crate) fn send(&self, url: &Url, verdict: &Verdict) {
        let _ = self.0.send((url.clone(), verdict.clone()));
    }
}

impl std::fmt::Debug for VerdictSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerdictSink")
    }
}

/// The sinks of one check: either may be absent.
#[derive(Clone, Default)]
pub struct Sinks {
    /// Where verdicts go as they come.
    pub verdicts: Option<VerdictSink>,
    /// Where page texts go as they are read; `None` keeps none.
    pub pages: Option<Arc<dyn PageSink>>,
}

impl std::fmt::Debug for Sinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sinks")
            .field("verdicts", &self.verdicts.is_some())
            .field("pages", &self.pages.is_some())
            .finish()
    }
}
