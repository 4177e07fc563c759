//! Diagnostics: errors and warnings with a source location and a hint.
//!
//! Every stage reports through a `Diagnostics` collector instead of printing,
//! so the CLI decides how to show them and tests can inspect them.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One message about the input, e.g.
/// `source/ch12.md:14:3: error: note [^x] is not defined`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the message concerns the whole file.
    pub line: u32,
    /// 1-based; 0 when unknown.
    pub col: u32,
    pub message: String,
    pub hint: Option<String>,
    /// A stable code naming the kind of finding (`bookpack check`'s codes,
    /// e.g. `spelling`), shown as `warning[spelling]`.
    pub code: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line,
            col,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// An error of the run as a whole, in no file: shown as `error: …`, as
    /// cargo and rustc show theirs (`--deny-warnings` stopping a build
    /// named the book's folder, which read as "." when it was the current
    /// one).
    pub fn of_the_run(message: impl Into<String>) -> Self {
        Diagnostic::error("", 0, 0, message)
    }

    pub fn warning(
        file: impl AsRef<Path>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// `error`, `warning`: as shown and as written in JSON reports.
    pub fn severity_label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}", self.file.display())?;
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
                if self.col > 0 {
                    write!(f, ":{}", self.col)?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.severity_label())?;
        if let Some(code) = &self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Rewrites every diagnostic's file, e.g. to show a path relative to
    /// the book folder as the user wrote it.
    pub fn map_files(mut self, f: impl Fn(&Path) -> PathBuf) -> Self {
        for d in &mut self.items {
            d.file = f(&d.file);
        }
        self
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn has_warnings(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Warning)
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `Err(self)` when any error was collected, so a stage can stop there.
    pub fn check(self) -> Result<Diagnostics, Failure> {
        if self.has_errors() {
            Err(Failure(self))
        } else {
            Ok(self)
        }
    }
}

/// A failed stage: the diagnostics that explain why (at least one error).
#[derive(Debug, Clone)]
pub struct Failure(pub Diagnostics);

impl Failure {
    /// A failure with a single error.
    pub fn single(diagnostic: Diagnostic) -> Self {
        let mut d = Diagnostics::new();
        d.push(diagnostic);
        Failure(d)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.items().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

/// `1 chapter`, `2 chapters`: a count in a message.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The one name of `known` that `typed` most likely misspells (a letter or
/// two off, ignoring case), for a hint's "did you mean": `titel` gives
/// `title`, `straight-quotes` gives `straight-quote`. None when no name is
/// near enough, or two are equally near.
pub fn nearest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let max = ((typed.chars().count() + 1) / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for name in known {
        let d = crate::check::edit_distance(&typed, &name.to_lowercase(), max);
        if d > max {
            continue;
        }
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, name));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_shown_with_as_much_of_its_place_as_it_has() {
        let shown = |d: Diagnostic| d.to_string();
        assert_eq!(
            shown(Diagnostic::error("a.md", 3, 7, "bad")),
            "a.md:3:7: error: bad"
        );
        assert_eq!(
            shown(Diagnostic::error("a.md", 3, 0, "bad")),
            "a.md:3: error: bad"
        );
        assert_eq!(
            shown(Diagnostic::error("a.md", 0, 0, "bad")),
            "a.md: error: bad"
        );
        assert_eq!(
            shown(Diagnostic::of_the_run("denied").with_hint("fix")),
            "error: denied\n  hint: fix"
        );
    }

    #[test]
    fn nearest_names_the_one_near_spelling() {
        let keys = ["title", "subtitle", "short-title", "authors", "language"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("Language", keys), Some("language"));
        assert_eq!(nearest("author", keys), Some("authors"));
        assert_eq!(nearest("colour", keys), None);
        // Equally near two names: no guess.
        assert_eq!(nearest("ab", ["aa", "bb"]), None);
        let codes = ["straight-quote", "spelling", "empty-chapter"];
        assert_eq!(nearest("straight-quotes", codes), Some("straight-quote"));
    }

    #[test]
    fn formats_as_path_line_col() {
        let d = Diagnostic::error("book/ch.md", 3, 7, "note [^x] is not defined")
            .with_hint("add a definition `[^x]: …`");
        assert_eq!(
            d.to_string(),
            "book/ch.md:3:7: error: note [^x] is not defined\n  hint: add a definition `[^x]: …`"
        );
    }

    #[test]
    fn a_code_is_shown_after_the_severity() {
        let d = Diagnostic::warning("ch.md", 2, 5, "`Cornrade` looks like a scanning error")
            .with_code("ocr-confusion")
            .with_hint("did you mean `Comrade`?");
        assert_eq!(
            d.to_string(),
            "ch.md:2:5: warning[ocr-confusion]: `Cornrade` looks like a scanning error\n  hint: did you mean `Comrade`?"
        );
    }

    #[test]
    fn whole_file_messages_omit_position() {
        let d = Diagnostic::warning("book.toml", 0, 0, "no chapters");
        assert_eq!(d.to_string(), "book.toml: warning: no chapters");
    }

    #[test]
    fn map_files_rewrites_paths() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("ch.md", 1, 1, "w"));
        let d = d.map_files(|p| Path::new("book").join(p));
        assert_eq!(d.items()[0].file, Path::new("book/ch.md"));
    }

    #[test]
    fn check_fails_only_on_errors() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::warning("a", 1, 1, "w"));
        assert!(d.clone().check().is_ok());
        d.push(Diagnostic::error("a", 1, 1, "e"));
        assert!(d.check().is_err());
    }
}
