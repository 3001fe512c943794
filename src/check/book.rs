//! What a catalogue says about a book: the types the catalogue lookup fills
//! and the cache keeps, apart from both so that neither depends on the other
//! for them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What the catalogue says about one ISBN. In reports:
/// `{"found": true, "title": …, "authors": […], "publishers": […],
/// "publish_date": …}` or `{"found": false}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The catalogue knows the book.
    Found(Book),
    /// The catalogue does not know the number.
    NotFound,
}

/// A book as the catalogue describes it; any part may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Book {
    /// The title.
    pub title: Option<String>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// The publishers' names.
    pub publishers: Vec<String>,
    /// When it was published, as the catalogue writes it ("1999", "May 2001").
    pub publish_date: Option<String>,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Shape {
            found: bool,
            #[serde(flatten)]
            book: Book,
        }
        let shape = Shape::deserialize(deserializer)?;
        Ok(if shape.found {
            Self::Found(shape.book)
        } else {
            Self::NotFound
        })
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            found: bool,
            #[serde(flatten)]
            book: Option<&'a Book>,
        }
        let book = match self {
            Self::Found(book) => Some(book),
            Self::NotFound => None,
        };
        Shape {
            found: book.is_some(),
            book,
        }
        .serialize(serializer)
    }
}
