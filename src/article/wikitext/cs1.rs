//! The names a CS1 citation template (`{{cite web}}`, `{{cite book}}`,
//! `{{citation}}`, …) accepts for each thing it says, as the citation
//! module lists them: the `aliases` table of English Wikipedia's
//! Module:Citation/CS1/Configuration (InternetArchiveBot and editors write
//! `archiveurl=` as often as `archive-url=`). Enumerated names have `#` for
//! the number (`last#`: `last`, `last1`, `last2`, …).
//!
//! After each list, the names other wikis' citation templates use for the
//! same thing (German `zugriff`, French `consulté le`, Chinese `访问日期`),
//! and the names the module has since retired but articles still hold
//! (`deadurl`, `dead-url`: `url-status` before 2019). Only names: what a
//! value means is read in `cite`.

/// `AccessDate`.
pub(super) const ACCESS_DATE: &[&str] = &[
    "access-date",
    "accessdate",
    // Other wikis.
    "zugriff",
    "consulté le",
    "访问日期",
    "訪問日期",
    "accessed",
];

/// `ArchiveDate`.
pub(super) const ARCHIVE_DATE: &[&str] = &["archive-date", "archivedate", "archivdatum"];

/// `ArchiveURL`.
pub(super) const ARCHIVE_URL: &[&str] = &["archive-url", "archiveurl", "archivurl", "archive url"];

/// `URL` and every other URL-holding parameter: `ChapterURL`,
/// `ConferenceURL`, `LayURL`, `MapURL`, `TranscriptURL`; then German
/// `online` and the `url2` some templates take.
pub(super) const URLS: &[&str] = &[
    "url",
    "chapter-url",
    "chapterurl",
    "contribution-url",
    "contributionurl",
    "entry-url",
    "article-url",
    "section-url",
    "sectionurl",
    "conference-url",
    "conferenceurl",
    "event-url",
    "eventurl",
    "lay-url",
    "layurl",
    "map-url",
    "mapurl",
    "transcript-url",
    "transcripturl",
    "online",
    "url2",
];

/// `UrlStatus`, then the retired `DeadURL` (`yes` meaning dead).
pub(super) const URL_STATUS: &[&str] = &["url-status", "urlstatus"];
/// The retired `DeadURL`.
pub(super) const DEAD_URL: &[&str] = &["deadurl", "dead-url"];

/// `Title`, `ScriptTitle`, `TransTitle`, then other wikis'.
pub(super) const TITLE: &[&str] = &[
    "title",
    "script-title",
    "trans-title",
    "titel",
    "titre",
    "标题",
    "標題",
];

/// `Chapter`.
pub(super) const CHAPTER: &[&str] = &["chapter", "contribution", "entry", "article", "section"];

/// `Date`, `Year`, `PublicationDate`, then other wikis'.
pub(super) const DATE: &[&str] = &[
    "date",
    "air-date",
    "airdate",
    "year",
    "publication-date",
    "publicationdate",
    "日期",
    "年",
];

/// `Year` alone: what a short citation's anchor takes first.
pub(super) const YEAR: &[&str] = &["year"];

/// `Periodical` and `Encyclopedia`, then other wikis'.
pub(super) const PERIODICAL: &[&str] = &[
    "work",
    "journal",
    "website",
    "newspaper",
    "magazine",
    "periodical",
    "encyclopedia",
    "encyclopaedia",
    "dictionary",
    "publisher-name",
    "zeitschrift",
    "périodique",
];

/// `Volume`.
pub(super) const VOLUME: &[&str] = &["volume"];
/// `Issue`.
pub(super) const ISSUE: &[&str] = &["issue", "number"];
/// `PublisherName`, then other wikis'.
pub(super) const PUBLISHER: &[&str] = &["publisher", "institution", "verlag", "éditeur", "出版社"];
/// `Place` and `PublicationPlace`.
pub(super) const PLACE: &[&str] = &["place", "location", "publication-place", "publicationplace"];
/// `Page`, `Pages` and `At`.
pub(super) const PAGES: &[&str] = &["page", "p", "pages", "pp", "at"];

/// `Authors` and `Vauthors`, then other wikis'.
pub(super) const AUTHORS: &[&str] = &[
    "authors", "people", "credits", "vauthors", "autor", "auteur", "作者",
];

/// `AuthorList-Last`, then German `nachname`.
pub(super) const AUTHOR_LAST: &[&str] = &[
    "last#",
    "author-last#",
    "author#-last",
    "author#",
    "surname#",
    "subject#",
    "host#",
    "nachname#",
];

/// `AuthorList-First`, then German `vorname`.
pub(super) const AUTHOR_FIRST: &[&str] = &[
    "first#",
    "author-first#",
    "author#-first",
    "given#",
    "vorname#",
];

/// `EditorList-Last`: the anchor falls back on editors.
pub(super) const EDITOR_LAST: &[&str] = &[
    "editor-last#",
    "editor#-last",
    "editor#",
    "editor-surname#",
    "editor#-surname",
];

/// The names an enumerated pattern stands for at `n`: for the first, both
/// the bare name and the numbered one (`last`, `last1`).
pub(super) fn enumerated(patterns: &[&str], n: usize) -> Vec<String> {
    let mut names = Vec::new();
    for pattern in patterns {
        if n == 1 {
            names.push(pattern.replace('#', ""));
        }
        names.push(pattern.replace('#', &n.to_string()));
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerated_names_number_as_the_module_numbers_them() {
        let first = enumerated(&["last#", "author#-last"], 1);
        assert_eq!(first, ["last", "last1", "author-last", "author1-last"]);
        assert_eq!(enumerated(&["author#-last"], 3), ["author3-last"]);
    }
}
