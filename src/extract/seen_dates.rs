//! When a note says its source was seen: "Retrieved 8 July 2016",
//! "accessed 3 February 2014", "检索于2016年7月8日". The date a web archive's
//! snapshot is chosen by when the citation gives no `access-date` of its
//! own, as InternetArchiveBot reads a note.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;

/// A seeing word and the date after it, in one of the forms editors write.
static SEEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:retrieved|accessed|access date|consulted|abgerufen am|consulté le)\b[ :,]*(?:on |the )?([0-9]{1,2} [[:alpha:]]+,? [0-9]{4}|[[:alpha:]]+ [0-9]{1,2},? [0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[[:alpha:]]+ [0-9]{4})|(?:检索于|檢索於|查阅于|查閱於|访问于|訪問於)\s*([0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}-[0-9]{2}-[0-9]{2})",
    )
    .expect("the pattern is valid")
});

/// The date each note says its source was seen, by note id; notes that say
/// none are left out.
#[must_use]
pub fn seen_dates(article: &Article) -> HashMap<String, String> {
    article
        .notes
        .iter()
        .filter_map(|note| {
            let found = SEEN.captures(&note.text)?;
            let date = found.get(1).or_else(|| found.get(2))?;
            Some((note.id.clone(), date.as_str().to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::markdown;
    use std::path::Path;

    #[test]
    fn notes_say_when_their_source_was_seen() {
        let text = "A.[^1] B.[^2] C.[^3] D.[^4] E.[^5]\n\n\
                    [^1]: Smith. <https://a.example/>. Retrieved 8 July 2016.\n\
                    [^2]: <https://b.example/> (accessed on February 3, 2014)\n\
                    [^3]: <https://c.example/>, 检索于2016年7月8日\n\
                    [^4]: Retrieved: 2015-01-11.\n\
                    [^5]: A book, 1999.\n";
        let article = markdown::read(Path::new("a.md"), text);
        let dates = seen_dates(&article);
        assert_eq!(dates.get("1").map(String::as_str), Some("8 July 2016"));
        assert_eq!(dates.get("2").map(String::as_str), Some("February 3, 2014"));
        assert_eq!(dates.get("3").map(String::as_str), Some("2016年7月8日"));
        assert_eq!(dates.get("4").map(String::as_str), Some("2015-01-11"));
        assert!(!dates.contains_key("5"));
    }
}
