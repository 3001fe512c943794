//! A converter's links between articles (`[X](../Page/X.md "wikilink")`,
//! as mediawiki-to-gfm writes them), judged as links between articles of a
//! wiki, never as sources: the checker has looked for each article's file,
//! and here that answer becomes a link to an article that exists (`ok`), a
//! red link (`excluded`, with a [`Problem::RedLink`] finding), or a link
//! not checked because the folder does not hold the wiki (`excluded`).
//!
//! The folder holds the wiki when at least one of the article's converter
//! wikilinks leads to a file, or when the folder they lead into (`Page/`
//! for `../Page/X.md`) is another folder than the article's own and exists.
//! This module never makes a wiki link dead, and reads the disk only
//! through the checker's [`LocalFiles`].
//!
//! [`Problem::RedLink`]: super::Problem::RedLink

use std::path::Path;

use super::ArticleReport;
use crate::check::cache::LinkHistory;
use crate::check::files::LocalFiles;
use crate::check::{LinkStatus, Verdict};
use crate::extract::links::LocalTarget;

impl ArticleReport {
    /// Judges the converter's wikilinks, once the checker's verdicts are in.
    pub(super) fn judge_wiki_links(&mut self) {
        let wiki: Vec<usize> = (0..self.links.len())
            .filter(|&i| self.links[i].link.wiki_article().is_some())
            .collect();
        let Some(first) = wiki
            .first()
            .and_then(|&i| self.links[i].link.wiki_article())
        else {
            return;
        };
        let folder = wiki_folder(first);
        let resolved = wiki
            .iter()
            .any(|&i| self.links[i].verdict.status == LinkStatus::Ok);
        let held = resolved || folder.as_ref().is_some_and(folder_exists);
        let folder_shown = folder.as_ref().map_or_else(String::new, |f| {
            format!("{}/", f.beside_article().display())
        });
        for i in wiki {
            let link = &mut self.links[i];
            let Some(article) = link.link.wiki_article() else {
                continue;
            };
            let title = article.article_title();
            // Only the two answers that name the file build its path.
            let file = || article.beside_article().display().to_string();
            let (status, detail, red) = match link.verdict.status {
                LinkStatus::Ok => (
                    LinkStatus::Ok,
                    format!(
                        "a link to another article: “{title}” is in this folder ({})",
                        file()
                    ),
                    false,
                ),
                LinkStatus::MissingFile if held => (
                    LinkStatus::Excluded,
                    format!(
                        "a link to another article, not a source: the wiki in this folder has no article “{title}” (no file {}), a red link",
                        file()
                    ),
                    true,
                ),
                LinkStatus::MissingFile => (
                    LinkStatus::Excluded,
                    not_held_detail(&title, &folder_shown),
                    false,
                ),
                _ => (
                    LinkStatus::Excluded,
                    format!(
                        "a link to another article, not a source; not checked: {}",
                        link.verdict.detail
                    ),
                    false,
                ),
            };
            link.verdict = Verdict::new(status, detail);
            link.history = LinkHistory::this_run(status);
            link.red_link = red;
        }
    }
}

/// Why a wikilink was not checked against the folder.
fn not_held_detail(title: &str, folder: &str) -> String {
    let no_folder = if folder.is_empty() {
        String::new()
    } else {
        format!(" and there is no folder {folder}")
    };
    format!(
        "a link to the article “{title}”, not a source; not checked: this folder does not hold the wiki (none of the article's links to other articles leads to a file{no_folder})"
    )
}

/// The folder a wikilink leads into, when it is another folder than the
/// article's own (`../Page` for `../Page/X.md`); `None` for `X.md`.
fn wiki_folder(article: &LocalTarget) -> Option<LocalTarget> {
    let parent = Path::new(&article.path).parent()?.to_str()?;
    let own = article
        .article
        .parent()
        .map(crate::extract::links::normalize);
    let target = LocalTarget {
        article: article.article.clone(),
        path: parent.to_owned(),
        fragment: None,
    };
    let leads_elsewhere =
        !parent.is_empty() && own.as_deref() != Some(target.beside_article().as_path());
    leads_elsewhere.then_some(target)
}

/// Whether the folder exists, as the checker finds files.
fn folder_exists(folder: &LocalTarget) -> bool {
    LocalFiles::new(None).check(folder).status == LinkStatus::Ok
}
