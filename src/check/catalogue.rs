//! The ISBN catalogue: valid ISBNs are looked up in an Open-Library-compatible
//! books API, so editors see which book a number names, and which numbers no
//! catalogue knows.
//!
//! Each distinct ISBN-13 is asked about once per run, up to [`BATCH`] in one
//! request: `GET {endpoint}?bibkeys=ISBN:…,ISBN:…&format=json&jscmd=data`.
//! The answer is an object keyed by the bibkeys asked; a key left out is a
//! book the catalogue does not know. An ISBN the catalogue does not know is
//! still valid: the number is well formed, the catalogue is incomplete.
//!
//! A failed or garbled answer leaves the ISBNs of its batch without an
//! entry (`catalogue: null` in the report), as does an offline run.
//!
//! With a cache ([`look_up_cached`]), entries are kept per ISBN and
//! endpoint and reused while fresh (30 days, 7 for a book the catalogue did
//! not know), so a warm run asks nothing; failures are not kept.

use std::collections::{HashMap, HashSet};

use chrono::Utc;

use serde_json::Value;
use url::Url;

use super::cache::CacheError;
use super::cache::CacheUse;
use super::lookup::{summarise, LookupError, LookupFailure, Named, Service};
use super::options::CheckOptions;

/// The public Open Library books API.
pub const DEFAULT_ENDPOINT: &str = super::options::DEFAULT_ISBN_ENDPOINT;

/// ISBNs asked about in one request: about a kilobyte of query.
pub const BATCH: usize = 50;

/// The catalogue, as warnings name it.
pub const CATALOGUE: Named = Named {
    service: "the ISBN catalogue",
    fields: "catalogue",
    flag: "isbn-endpoint",
    off: "isbn-lookup",
};

pub use super::book::{Book, Entry};

/// The catalogue's answers for one run.
#[derive(Debug, Default)]
pub struct Catalogue {
    entries: HashMap<String, Entry>,
    /// What went wrong, if anything did; its ISBNs have no entry.
    pub failure: Option<LookupFailure>,
    /// What went wrong with the cache; the lookup went on without it.
    pub cache_error: Option<CacheError>,
}

impl Catalogue {
    /// The entry for an ISBN-13, or `None` when it was not looked up or the
    /// lookup failed.
    #[must_use]
    pub fn entry(&self, isbn13: &str) -> Option<&Entry> {
        self.entries.get(isbn13)
    }
}

/// Looks up each distinct ISBN-13 once at `endpoint`, in batches of
/// [`BATCH`], the batches one after another (the per-host limit applies).
pub async fn look_up<'a>(
    isbns: impl IntoIterator<Item = &'a str>,
    endpoint: &Url,
    options: &CheckOptions,
) -> Catalogue {
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = isbns.into_iter().filter(|i| seen.insert(*i)).collect();
    let mut catalogue = Catalogue::default();
    if distinct.is_empty() {
        return catalogue;
    }
    let service = match Service::new(options) {
        Ok(service) => service,
        Err(e) => {
            catalogue.failure = summarise::<()>(&[Err(e)], CATALOGUE);
            return catalogue;
        }
    };
    let batches: Vec<&[&str]> = distinct.chunks(BATCH).collect();
    let answers = futures_util::future::join_all(batches.iter().map(|batch| {
        let service = &service;
        async move {
            let answer = service.get_json(&books_query(endpoint, batch)).await?;
            read_answer(&answer, batch).ok_or_else(|| LookupError::NotJson {
                endpoint: endpoint.to_string(),
                reason: "expected an object keyed by ISBN:…".to_owned(),
            })
        }
    }))
    .await;
    for entries in answers.iter().filter_map(|a| a.as_ref().ok()) {
        catalogue.entries.extend(entries.iter().cloned());
    }
    catalogue.failure = summarise(&answers, CATALOGUE);
    catalogue
}

/// Looks up each distinct ISBN-13 as [`look_up`] does, but takes the
/// entries still fresh from `cache`, and records the catalogue's new ones
/// there. The catalogue is asked only when `ask` is true (the network is
/// usable); cached entries are given either way.
pub async fn look_up_cached<'a>(
    isbns: impl IntoIterator<Item = &'a str>,
    endpoint: &Url,
    options: &CheckOptions,
    mut cache: Option<CacheUse<'_>>,
    ask: bool,
) -> Catalogue {
    let mut seen = HashSet::new();
    let distinct: Vec<&str> = isbns.into_iter().filter(|i| seen.insert(*i)).collect();
    let mut cached = HashMap::new();
    let mut cache_error = None;
    if let Some(c) = cache {
        let now = Utc::now();
        for isbn in &distinct {
            match c.store.entry(isbn, endpoint.as_str()).await {
                Ok(Some(stored)) if c.freshness.is_entry_fresh(&stored, now) => {
                    cached.insert((*isbn).to_owned(), stored.entry);
                }
                Ok(_) => {}
                Err(e) => {
                    cache_error = Some(e);
                    cache = None;
                    break;
                }
            }
        }
    }
    let missing = distinct.into_iter().filter(|i| !cached.contains_key(*i));
    let mut catalogue = if ask {
        look_up(missing, endpoint, options).await
    } else {
        Catalogue::default()
    };
    if let (Some(c), false) = (cache, catalogue.entries.is_empty()) {
        let answered: Vec<(String, Entry)> = catalogue
            .entries
            .iter()
            .map(|(isbn, entry)| (isbn.clone(), entry.clone()))
            .collect();
        if let Err(e) = c
            .store
            .record_entries(&answered, endpoint.as_str(), Utc::now())
            .await
        {
            cache_error = Some(e);
        }
    }
    catalogue.entries.extend(cached);
    catalogue.cache_error = cache_error;
    catalogue
}

/// `{endpoint}?bibkeys=ISBN:…,ISBN:…&format=json&jscmd=data`, keeping any
/// query the endpoint already has. ISBN-13s are digits, so the keys need no
/// escaping.
fn books_query(endpoint: &Url, isbns: &[&str]) -> Url {
    let keys: Vec<String> = isbns.iter().map(|i| bibkey(i)).collect();
    let ours = format!("bibkeys={}&format=json&jscmd=data", keys.join(","));
    let mut query = endpoint.clone();
    match endpoint.query().filter(|q| !q.is_empty()) {
        Some(theirs) => query.set_query(Some(&format!("{theirs}&{ours}"))),
        None => query.set_query(Some(&ours)),
    }
    query
}

fn bibkey(isbn13: &str) -> String {
    format!("ISBN:{isbn13}")
}

/// The entries of one batch; `None` when the answer is not an object. A key
/// that is present but not an object gives no entry: it is neither a book
/// nor a clear "not found".
fn read_answer(answer: &Value, batch: &[&str]) -> Option<Vec<(String, Entry)>> {
    let records = answer.as_object()?;
    Some(
        batch
            .iter()
            .filter_map(|isbn| {
                let entry = match records.get(&bibkey(isbn)) {
                    None | Some(Value::Null) => Entry::NotFound,
                    Some(record) => Entry::Found(book(record)?),
                };
                Some(((*isbn).to_owned(), entry))
            })
            .collect(),
    )
}

/// A book from an Open Library `jscmd=data` record.
fn book(record: &Value) -> Option<Book> {
    let record = record.as_object()?;
    let text = |key: &str| {
        record
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let names = |key: &str| -> Vec<String> {
        record
            .get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|item| item.get("name")?.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(Book {
        title: text("title"),
        authors: names("authors"),
        publishers: names("publishers"),
        publish_date: text("publish_date"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_gives_title_authors_publishers_and_date() {
        let answer = json!({"ISBN:9780333801499": {
            "title": "The Nazi-Soviet Pact", "publish_date": "1999",
            "authors": [{"name": "A. Author", "url": "x"}, {"nom": "?"}],
            "publishers": [{"name": "Macmillan"}]
        }});
        let entries = read_answer(&answer, &["9780333801499", "9789042008908"]).unwrap();
        assert_eq!(
            entries,
            [
                (
                    "9780333801499".to_owned(),
                    Entry::Found(Book {
                        title: Some("The Nazi-Soviet Pact".into()),
                        authors: vec!["A. Author".into()],
                        publishers: vec!["Macmillan".into()],
                        publish_date: Some("1999".into()),
                    })
                ),
                ("9789042008908".to_owned(), Entry::NotFound)
            ]
        );
    }

    #[test]
    fn garbled_answers_give_no_entries() {
        assert_eq!(read_answer(&json!([]), &["9780333801499"]), None);
        assert_eq!(
            read_answer(&json!({"ISBN:9780333801499": "yes"}), &["9780333801499"]),
            Some(vec![])
        );
    }

    #[test]
    fn entries_serialise_as_found_with_the_book_or_not_found_alone() {
        assert_eq!(
            serde_json::to_value(Entry::NotFound).unwrap(),
            json!({"found": false})
        );
        let found = Entry::Found(Book {
            title: Some("T".into()),
            ..Book::default()
        });
        assert_eq!(
            serde_json::to_value(found).unwrap(),
            json!({"found": true, "title": "T", "authors": [], "publishers": [], "publish_date": null})
        );
    }

    #[test]
    fn the_query_lists_the_batch_as_bibkeys() {
        let endpoint = Url::parse("http://127.0.0.1:9/api/books?key=k").unwrap();
        assert_eq!(
            books_query(&endpoint, &["9780333801499", "9789042008908"]).as_str(),
            "http://127.0.0.1:9/api/books?key=k&bibkeys=ISBN:9780333801499,ISBN:9789042008908&format=json&jscmd=data"
        );
    }
}
