//! Which web links are checked at all: include and exclude patterns
//! (regular expressions over the URL) and excluded hosts, from the
//! configuration. A link ruled out gets the status `excluded` with a detail
//! naming the rule.

use regex::Regex;
use url::Url;

/// The rules deciding which URLs are checked.
///
/// An include pattern wins over every exclusion: it rescues URLs that an
/// exclude pattern or an excluded host would rule out. It is not an
/// allow-list: URLs that match no rule at all are checked.
#[derive(Debug, Clone, Default)]
pub struct UrlRules {
    /// URLs never checked.
    pub exclude: Vec<Regex>,
    /// URLs always checked, whatever the exclusions say.
    pub include: Vec<Regex>,
    /// Hosts never contacted (exact host names, compared without case).
    pub excluded_hosts: Vec<String>,
}

impl UrlRules {
    /// Why `url` is not checked, or `None` when it is.
    #[must_use]
    pub fn excluded(&self, url: &Url) -> Option<String> {
        let text = url.as_str();
        if self.include.iter().any(|p| p.is_match(text)) {
            return None;
        }
        if let Some(p) = self.exclude.iter().find(|p| p.is_match(text)) {
            return Some(format!("matches the exclude pattern `{}`", p.as_str()));
        }
        let host = url.host_str().unwrap_or_default();
        if let Some(h) = self
            .excluded_hosts
            .iter()
            .find(|h| h.eq_ignore_ascii_case(host))
        {
            return Some(format!("the host {h} is excluded in the configuration"));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(exclude: &[&str], include: &[&str], hosts: &[&str]) -> UrlRules {
        UrlRules {
            exclude: exclude.iter().map(|p| Regex::new(p).unwrap()).collect(),
            include: include.iter().map(|p| Regex::new(p).unwrap()).collect(),
            excluded_hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn exclude_pattern_is_named_in_the_detail() {
        let r = rules(&[r"example\.com/private"], &[], &[]);
        let why = r.excluded(&url("https://example.com/private/x")).unwrap();
        assert!(why.contains(r"example\.com/private"), "{why}");
        assert_eq!(r.excluded(&url("https://example.com/public")), None);
    }

    #[test]
    fn include_wins_over_exclude_but_is_not_an_allow_list() {
        let r = rules(&["example"], &["example.com/keep"], &["kept.example"]);
        assert_eq!(r.excluded(&url("https://example.com/keep")), None);
        assert!(r.excluded(&url("https://example.com/drop")).is_some());
        assert_eq!(r.excluded(&url("https://other.org/")), None);
    }

    #[test]
    fn excluded_hosts_compare_without_case() {
        let r = rules(&[], &[], &["Example.ORG"]);
        assert!(r.excluded(&url("https://example.org/a")).is_some());
        assert_eq!(r.excluded(&url("https://www.example.org/a")), None);
    }
}
