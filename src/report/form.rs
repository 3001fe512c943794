//! The forms a report is printed in (`--format`), and where a run's
//! article pages go.

/// The forms a report can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The contract's JSON.
    Json,
    /// Markdown for people and pull requests.
    Markdown,
    /// The short text summary.
    Text,
    /// SARIF 2.1.0, for code-scanning views.
    Sarif,
    /// JUnit XML, for CI test views.
    Junit,
}

impl Form {
    /// Every form, as `--format` names them.
    pub const NAMES: [&'static str; 5] = ["json", "md", "text", "sarif", "junit"];

    /// Reads a form as `--format` names it.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "md" => Some(Self::Markdown),
            "text" => Some(Self::Text),
            "sarif" => Some(Self::Sarif),
            "junit" => Some(Self::Junit),
            _ => None,
        }
    }
}

/// The folder, beside the reports, of a many-article run's article pages.
pub const ARTICLE_PAGES: &str = "articles";
