//! Usurped domains: a cited site whose domain lapsed and now shows a parking
//! page or a "this domain is for sale" page. InternetArchiveBot marks such
//! citations `usurped`; the link answers 200, so only its words tell.
//!
//! The test is deliberately narrow (no false "usurped" is worse than a
//! missed one): the page's title says it, or a short page (parking pages
//! are a few lines) says it in its text.

/// Phrases of parking and domain-sale pages, lowercased: English, Chinese
/// and the parking services' own names as they sign their pages.
const PHRASES: &[&str] = &[
    "this domain is for sale",
    "this domain may be for sale",
    "the domain is for sale",
    "domain is for sale",
    "domain name is for sale",
    "buy this domain",
    "make an offer on this domain",
    "this domain name is available",
    "this domain is parked",
    "domain parking",
    "parked free, courtesy of",
    "parked free of charge",
    "this domain has expired",
    "this domain name has expired",
    "domain has expired and is",
    "域名已过期",
    "域名已到期",
    "域名已經過期",
    "parked by",
    "this web page is parked",
    "the domain owner maintains this page",
    "hugedomains.com",
    "sedo domain parking",
    "sedoparking",
    "parkingcrew",
    "bodis.com",
    "afternic",
    "dan.com",
    "域名出售",
    "域名正在出售",
    "此域名可出售",
    "域名停放",
    "本域名转让",
    "域名轉讓",
    "網域出售",
];

/// What a title says of a domain for sale, where a page's own words would
/// be too common to trust: "lapsed.example is for sale".
const TITLE_PHRASES: &[&str] = &[
    "is for sale",
    "hugedomains",
    "domain for sale",
    "domain has expired",
    "出售",
];

/// The longest visible text a parking page is taken to have, in characters.
const SHORT_PAGE: usize = 3000;

/// The phrase that says the page is a parked or for-sale domain's,
/// if one does.
pub(crate) fn parked(title: Option<&str>, text: &str) -> Option<&'static str> {
    let title = title.unwrap_or("").to_lowercase();
    if let Some(phrase) = PHRASES
        .iter()
        .chain(TITLE_PHRASES)
        .find(|p| title.contains(*p))
    {
        return Some(phrase);
    }
    if text.chars().count() > SHORT_PAGE {
        return None;
    }
    let text = text.to_lowercase();
    PHRASES.iter().find(|p| text.contains(*p)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parking_and_sale_pages_are_found() {
        assert_eq!(
            parked(Some("lapsed.example is for sale | HugeDomains"), ""),
            Some("is for sale")
        );
        assert!(parked(None, "This domain is parked free, courtesy of GoDaddy.com.").is_some());
        assert!(parked(Some("域名出售"), "").is_some());
    }

    #[test]
    fn an_article_about_domain_sales_is_not_a_parking_page() {
        let article =
            "The market for domain names. ".repeat(200) + "This domain is for sale, the sign said.";
        assert_eq!(parked(Some("How domain names are sold"), &article), None);
        assert_eq!(
            parked(Some("Annual report 2009"), "Revenue grew by 4%."),
            None
        );
    }
}
