//! `bookpack check`: a linter for a book's source, before it is built.
//!
//! It reads the book as the build does (`config`, the chapter files, the
//! loader's own diagnostics) and runs coded checks over the prose:
//! scanning damage (`ocr`), spelling (`spelling`), typography
//! (`typography`), structure and metadata (`structure`), the back-of-book
//! index (`index`). Every finding has
//! a stable code (see [`CODES`]); a code can be allowed for the book
//! (`[check] allow`) or for one line (`<!-- check: allow code -->` on the
//! line before). `--fix` applies only fixes that cannot change meaning.

mod codes;
mod index;
mod lexicon;
mod ocr;
mod prose;
mod spelling;
mod structure;
mod tongues;
mod typography;
mod words;

pub use codes::{info, names, CodeInfo, CODES};
pub use lexicon::{Dictionary, Lexicon};
pub use words::edit_distance;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::config::{self, line_col, Config};
use crate::diagnostics::{Diagnostic, Failure, Severity};
use crate::source;

/// A finding inside one paragraph, before it has a file position.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub code: &'static str,
    /// Byte range in the paragraph's text.
    pub at: Range<usize>,
    pub message: String,
    pub suggestion: Option<String>,
    /// Replacement for `at` that cannot change the meaning (`--fix`).
    pub fix: Option<String>,
    /// The flagged text (filled in by tests).
    #[cfg(test)]
    pub text: String,
}

impl Hit {
    pub fn new(
        code: &'static str,
        at: Range<usize>,
        message: String,
        suggestion: Option<String>,
    ) -> Hit {
        Hit {
            code,
            at,
            message,
            suggestion,
            fix: None,
            #[cfg(test)]
            text: String::new(),
        }
    }

    pub fn with_fix(mut self, replacement: String) -> Hit {
        self.fix = Some(replacement);
        self
    }
}

/// One finding of `bookpack check`.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: String,
    pub severity: &'static str,
    pub file: PathBuf,
    /// 1-based; 0 for a finding about the whole book or file.
    pub line: u32,
    /// 1-based, in characters; 0 when unknown.
    pub column: u32,
    pub message: String,
    /// What the text probably should read, or what to do.
    pub suggestion: Option<String>,
    /// The change `--fix` may make, when there is one.
    pub fix: Option<Fix>,
}

/// A fix `--fix` may apply: it replaces the text from the finding's line
/// and column to `end_line`/`end_column` (exclusive) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Byte range in the chapter's text as read (`\n` line ends).
    pub range: Range<usize>,
    pub replacement: String,
    pub end_line: u32,
    pub end_column: u32,
}

/// JSON as editors and CI read it: an unknown line or column is `null`,
/// not 0 (no editor has a line 0), and a fix is given as the exact text
/// that replaces the span, where `suggestion` is prose for a person.
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let known = |n: u32| (n > 0).then_some(n);
        let fix = self.fix.as_ref().map(|f| {
            serde_json::json!({
                "end_line": f.end_line,
                "end_column": f.end_column,
                "replacement": f.replacement,
            })
        });
        serde_json::json!({
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": known(self.line),
            "column": known(self.column),
            "message": self.message,
            "suggestion": self.suggestion,
            "fix": fix,
        })
        .serialize(serializer)
    }
}

impl Finding {
    /// As the build shows its messages: `file:line:col: warning[code]: …`.
    pub fn diagnostic(&self) -> Diagnostic {
        let mut d = if self.severity == "error" {
            Diagnostic::error(&self.file, self.line, self.column, &self.message)
        } else {
            Diagnostic::warning(&self.file, self.line, self.column, &self.message)
        };
        d = d.with_code(&self.code);
        if let Some(s) = &self.suggestion {
            d = d.with_hint(s);
        }
        d
    }

    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

/// What a run found, and what `--fix` changed.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Findings whose fix was applied (with `--fix`).
    pub fixed: Vec<Finding>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Apply the fixes that cannot change meaning and write the files.
    pub fix: bool,
    /// "Now" for the date check, in seconds since 1970; default
    /// `SOURCE_DATE_EPOCH`, else the clock.
    pub now: Option<i64>,
}

/// One chapter as the checks see it.
pub(crate) struct ChapterSource {
    /// As shown in messages (the book folder joined to `rel`).
    pub path: PathBuf,
    pub text: String,
    pub prose: prose::Prose,
    /// Per line (0-based), the codes allowed there by a comment.
    pub allowed: BTreeMap<usize, BTreeSet<String>>,
}

/// By language: where (chapter, paragraph, byte) its first word met.
type FirstPlaces = BTreeMap<String, (usize, usize, usize)>;

/// What checking a chapter reads besides the chapter.
struct Context<'a> {
    lexicon: &'a Lexicon,
    forms: &'a ocr::BookForms,
    tongues: &'a tongues::Tongues,
    book_language: &'a str,
}

/// The findings of chapter `ci`'s paragraphs, by paragraph, and where each
/// other language without a dictionary first occurs in it
/// (chapter, paragraph, byte). Per paragraph: scanning damage first, then
/// spelling for the words those rules left, then typography. Words in
/// another language than the book's are left to that language's
/// dictionary.
fn scan_chapter(
    ci: usize,
    ch: &ChapterSource,
    context: &Context<'_>,
) -> (Vec<(usize, Hit)>, FirstPlaces) {
    let Context {
        lexicon,
        forms,
        tongues,
        book_language,
    } = *context;
    let chapter_language = ch.prose.language.as_deref().unwrap_or(book_language);
    let mut hits = Vec::new();
    let mut unchecked = BTreeMap::new();
    for (pi, p) in ch.prose.paras.iter().enumerate() {
        let toks = words::tokens(&p.text);
        let langs = tongues::token_languages(p, &toks, chapter_language);
        let foreign: BTreeSet<usize> = (0..toks.len())
            .filter(|&i| !tongues.is_home(langs[i]) || tongues.other_script(toks[i].core))
            .collect();
        let mut para_hits = Vec::new();
        // Without a dictionary nothing tells a word from damage.
        let flagged = if lexicon.has_dictionary() {
            ocr::scan(p, &toks, &foreign, lexicon, forms, &mut para_hits)
        } else {
            BTreeSet::new()
        };
        let skip: BTreeSet<usize> = flagged.union(&foreign).copied().collect();
        spelling::scan(p, &toks, &skip, lexicon, &mut para_hits);
        let others: BTreeSet<String> = foreign
            .iter()
            .filter(|&&i| !tongues.is_home(langs[i]))
            .map(|&i| tongues::primary(langs[i]))
            .collect();
        for lang in others {
            let mine = |i: usize| tongues::primary(langs[i]) == lang;
            match tongues.lexicon(&lang) {
                Some(lex) => {
                    let skip: BTreeSet<usize> = (0..toks.len()).filter(|&i| !mine(i)).collect();
                    spelling::scan(p, &toks, &skip, &lex, &mut para_hits);
                }
                None => {
                    let first = (0..toks.len()).find(|&i| mine(i));
                    if let Some(i) = first {
                        unchecked
                            .entry(lang)
                            .or_insert((ci, pi, toks[i].core_range.start));
                    }
                }
            }
        }
        let prev = pi.checked_sub(1).map(|j| &ch.prose.paras[j]);
        let next = ch.prose.paras.get(pi + 1);
        typography::scan(
            p,
            &toks,
            &langs,
            chapter_language,
            prev,
            next,
            &mut para_hits,
        );
        hits.extend(para_hits.into_iter().map(|h| (pi, h)));
    }
    (hits, unchecked)
}

/// Checks the book in `dir`. Fails only when the book cannot be read at all
/// (no book.toml, invalid book.toml); everything else is a finding.
pub fn check_book(dir: &Path, options: &Options) -> Result<Report, Failure> {
    let toml_path = dir.join("book.toml");
    let toml_text = source::read_book_toml(&toml_path)?;
    let config = config::parse(&toml_text, &toml_path)?;
    let allow = allowed_codes(&config);

    let mut findings: Vec<Finding> = Vec::new();
    let mut chapters = Vec::new();
    for rel in &config.chapters {
        let Ok(path) = source::safe_join(dir, rel.get_ref()) else {
            continue; // the loader's own error says why
        };
        let Ok(bytes) = fs::read(&path) else { continue };
        let Ok(text) = source::decode_utf8(&bytes, &path).map(source::unix_line_ends) else {
            continue;
        };
        let prose = prose::extract(&text);
        let allowed = allow_comments(&text);
        chapters.push(ChapterSource {
            path,
            text,
            prose,
            allowed,
        });
    }

    let mut lexicon = load_lexicon(dir, &config, &toml_text, &toml_path, &mut findings);
    for ch in &chapters {
        for p in &ch.prose.paras {
            for t in words::tokens(&p.text) {
                if !t.core.is_empty() {
                    lexicon.count(t.core);
                }
            }
        }
    }
    let forms = ocr::BookForms::collect(chapters.iter().flat_map(|c| c.prose.paras.iter()));
    let book_language = config.language.get_ref().as_str();
    let tongues = tongues::Tongues::new(
        book_language,
        &fs::read_to_string(dir.join("words.txt")).unwrap_or_default(),
    );
    // Each chapter on its own (on every core), taken in book order: the
    // same findings on any number of threads.
    let scanned = crate::parallel::in_order(chapters.len(), |ci| {
        let context = Context {
            lexicon: &lexicon,
            forms: &forms,
            tongues: &tongues,
            book_language,
        };
        scan_chapter(ci, &chapters[ci], &context)
    });
    let mut hits_by_chapter: Vec<Vec<(usize, Hit)>> = Vec::new();
    // Other languages met with no dictionary: where first, said once each.
    let mut unchecked = FirstPlaces::new();
    for (hits, first_unchecked) in scanned {
        hits_by_chapter.push(hits);
        for (lang, at) in first_unchecked {
            unchecked.entry(lang).or_insert(at);
        }
    }
    for (lang, (ci, pi, at)) in unchecked {
        hits_by_chapter[ci].push((
            pi,
            Hit::new(
                "no-dictionary",
                at..at,
                format!("no Hunspell dictionary for `{lang}`: the words of the passages in `{lang}` are not spell-checked"),
                Some(format!(
                    "install a Hunspell dictionary for `{lang}` (Debian: `apt-cache search hunspell-{lang}`) or point BOOKPACK_DICTIONARY_PATH at a folder holding `{lang}.dic` and `{lang}.aff`; until then the rules for the book's language leave these words alone"
                )),
            ),
        ));
    }
    // A straight quote is a fault only in a book that uses curly ones
    // (the build makes a book of straight ones curly alike, and each was
    // a warning: 8,000 in a reviewer's 40-chapter book). One after a
    // number stays: prime or closing quote, the build cannot know.
    if !typography::uses_curly_quotes(&chapters) {
        for hits in &mut hits_by_chapter {
            hits.retain(|(_, h)| h.code != "straight-quote" || h.fix.is_none());
        }
    }
    typography::book_consistency(&chapters, &mut hits_by_chapter);
    if lexicon.has_dictionary() {
        spelling::name_variants(&chapters, &lexicon, book_language, &mut hits_by_chapter);
    }
    for (ch, hits) in chapters.iter().zip(hits_by_chapter) {
        for (pi, h) in hits {
            findings.push(locate(ch, pi, h));
        }
    }
    structure::scan(&chapters, config.bibliography.file.is_some(), &mut findings);
    if config.code.highlight {
        structure::code_languages(&chapters, &mut findings);
    }
    structure::metadata(
        &config,
        &toml_text,
        &toml_path,
        &lexicon,
        now(options),
        &mut findings,
    );
    // Loaded once, as a build loads it: the index checks judge the
    // entries the build gathers, and the loader's diagnostics are taken
    // over.
    let loaded = crate::source::load_book_to_build(dir);
    if let Ok((book, _)) = &loaded {
        index::scan(dir, book, &chapters, &mut findings);
    }
    structure::loader(loaded, &chapters, &mut findings);

    // Allowed codes, one finding per place and code, in file order.
    let by_path: BTreeMap<&Path, &ChapterSource> =
        chapters.iter().map(|c| (c.path.as_path(), c)).collect();
    findings.retain(|f| {
        if allow.contains(&f.code) {
            return false;
        }
        let line_allowed = by_path
            .get(f.file.as_path())
            .and_then(|c| c.allowed.get(&(f.line as usize).saturating_sub(1)))
            .is_some_and(|codes| codes.contains(&f.code) || codes.contains("all"));
        !line_allowed
    });
    let order: BTreeMap<&Path, usize> = std::iter::once(toml_path.as_path())
        .chain(chapters.iter().map(|c| c.path.as_path()))
        .enumerate()
        .map(|(i, p)| (p, i))
        .collect();
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                order.get(f.file.as_path()).copied().unwrap_or(usize::MAX),
                f.line,
                f.column,
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.code.cmp(&b.code))
    });
    findings.dedup_by(|a, b| {
        a.file == b.file && a.line == b.line && a.column == b.column && a.code == b.code
    });

    let mut report = Report {
        findings,
        fixed: Vec::new(),
    };
    if options.fix {
        apply_fixes(&chapters, &mut report)?;
    }
    Ok(report)
}

/// `[check] allow`'s codes (book.toml's parse refused unknown ones).
fn allowed_codes(config: &Config) -> BTreeSet<String> {
    config
        .check
        .allow
        .iter()
        .map(|c| c.get_ref().clone())
        .collect()
}

/// `<!-- check: allow code, code -->` lines: the codes apply to the next
/// non-blank line.
fn allow_comments(text: &str) -> BTreeMap<usize, BTreeSet<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let Some(inner) = t
            .strip_prefix("<!--")
            .and_then(|r| r.strip_suffix("-->"))
            .map(str::trim)
            .and_then(|r| r.strip_prefix("check:"))
            .map(str::trim)
            .and_then(|r| r.strip_prefix("allow"))
        else {
            continue;
        };
        let codes: BTreeSet<String> = inner
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(target) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) {
            out.entry(target).or_default().extend(codes);
        }
    }
    out
}

fn load_lexicon(
    dir: &Path,
    config: &Config,
    toml_text: &str,
    toml_path: &Path,
    findings: &mut Vec<Finding>,
) -> Lexicon {
    let words_path = dir.join("words.txt");
    let words = fs::read_to_string(&words_path).unwrap_or_default();
    let language = config.language.get_ref();
    let (stem, place) = match &config.check.dictionary {
        Some(d) => {
            let (line, col) = line_col(toml_text, d.span().start);
            (
                source::safe_join(dir, d.get_ref())
                    .ok()
                    .map(|p| p.with_extension("")),
                Some((line, col)),
            )
        }
        None => (Dictionary::find(language), None),
    };
    let dictionary = match stem.map(|s| Dictionary::load(&s)) {
        Some(Ok(d)) => Some(d),
        Some(Err(why)) => {
            let (line, column) = place.unwrap_or((0, 0));
            findings.push(codes::finding(
                "no-dictionary",
                toml_path,
                line,
                column,
                why,
                Some(
                    "name a Hunspell dictionary (`.dic` with its `.aff`) in `[check] dictionary`"
                        .into(),
                ),
            ));
            None
        }
        None => {
            let (line, column) = line_col(toml_text, config.language.span().start);
            findings.push(codes::finding(
                "no-dictionary",
                toml_path,
                line,
                column,
                format!("no Hunspell dictionary for `{language}`: spelling and the checks that need to know words are off"),
                Some(format!(
                    "install one (Debian: `apt-get install hunspell-{}`), point BOOKPACK_DICTIONARY_PATH at a folder holding `{}.dic`, or set `[check] dictionary`",
                    language.to_ascii_lowercase(),
                    language.replace('-', "_")
                )),
            ));
            None
        }
    };
    Lexicon::new(dictionary, &words)
}

/// "Now" for the future-date check.
fn now(options: &Options) -> i64 {
    options.now.unwrap_or_else(crate::dates::now)
}

/// A paragraph's hit as a finding at its file, line and column.
fn locate(ch: &ChapterSource, para: usize, hit: Hit) -> Finding {
    let p = &ch.prose.paras[para];
    let start = p.source_offset(hit.at.start);
    let (line, column) = line_col(&ch.text, start);
    let fix = hit.fix.and_then(|replacement| {
        // Fixes are only offered on text that maps byte for byte.
        let end = p.source_offset(hit.at.end.saturating_sub(1)) + 1;
        let end = (end..=ch.text.len())
            .find(|&e| ch.text.is_char_boundary(e))
            .unwrap_or(ch.text.len());
        (ch.text[start..end] == p.text[hit.at.clone()]).then(|| {
            let (end_line, end_column) = line_col(&ch.text, end);
            Fix {
                range: start..end,
                replacement,
                end_line,
                end_column,
            }
        })
    });
    let mut f = codes::finding(
        hit.code,
        &ch.path,
        line,
        column,
        hit.message,
        hit.suggestion,
    );
    f.fix = fix;
    f
}

/// Where each byte offset of `text` as it was read (`unix_line_ends`, the
/// byte-order mark dropped) is in the file's own text `raw`: a fix is made
/// there, so the file keeps its mark and its `\r\n` line ends. `None` when
/// `raw` does not read as `text` (the file changed since it was read).
fn raw_offsets(raw: &str, text: &str) -> Option<Vec<usize>> {
    let body = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut at = raw.len() - body.len();
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut rest = body;
    for c in text.chars() {
        let (taken, len) = match (c, rest.as_bytes().first()) {
            ('\n', Some(b'\r')) if rest.as_bytes().get(1) == Some(&b'\n') => (2, 2),
            ('\n', Some(b'\r')) => (1, 1),
            (c, _) if rest.starts_with(c) => (c.len_utf8(), c.len_utf8()),
            _ => return None,
        };
        // Every byte of the character maps to where it starts, but for
        // its own bytes' offsets, which a fix's range never splits.
        for k in 0..c.len_utf8() {
            map.push(at + k.min(len - 1));
        }
        at += taken;
        rest = &rest[taken..];
    }
    map.push(at);
    rest.is_empty().then_some(map)
}

/// Applies every fix, file by file (each written atomically), and moves the
/// fixed findings to `report.fixed`.
fn apply_fixes(chapters: &[ChapterSource], report: &mut Report) -> Result<(), Failure> {
    let mut writes = Vec::new();
    for ch in chapters {
        let mut fixes: Vec<(Range<usize>, String, usize)> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.file == ch.path)
            .filter_map(|(i, f)| f.fix.clone().map(|fix| (fix.range, fix.replacement, i)))
            .collect();
        if fixes.is_empty() {
            continue;
        }
        fixes.sort_by_key(|(r, _, _)| r.start);
        // The file as it is on disk, fixed where the text read maps to it.
        let changed = || {
            Failure::single(
                Diagnostic::error(
                    &ch.path,
                    0,
                    0,
                    "the file changed while it was being checked; nothing was fixed",
                )
                .with_hint("run `bookpack check --fix` again"),
            )
        };
        let raw = fs::read(&ch.path).map_err(|_| changed())?;
        let raw = String::from_utf8(raw).map_err(|_| changed())?;
        let map = raw_offsets(&raw, &ch.text).ok_or_else(changed)?;
        let mut text = String::with_capacity(raw.len());
        let mut at = 0;
        let mut applied = BTreeSet::new();
        for (range, replacement, i) in fixes {
            let (start, end) = (map[range.start], map[range.end]);
            if start < at {
                continue; // overlaps a fix already made
            }
            text.push_str(&raw[at..start]);
            text.push_str(&replacement);
            at = end;
            applied.insert(i);
        }
        text.push_str(&raw[at..]);
        writes.push((ch.path.clone(), text, applied));
    }
    let mut fixed_ids = BTreeSet::new();
    for (path, text, applied) in writes {
        crate::output::rewrite_in_place(&path, text.as_bytes()).map_err(|e| {
            Failure::single(
                Diagnostic::error(&path, 0, 0, format!("cannot write the fixes: {e}"))
                    .with_hint("check that the file is writable"),
            )
        })?;
        fixed_ids.extend(applied);
    }
    let all = std::mem::take(&mut report.findings);
    for (i, f) in all.into_iter().enumerate() {
        if fixed_ids.contains(&i) {
            report.fixed.push(f);
        } else {
            report.findings.push(f);
        }
    }
    Ok(())
}

/// The report as JSON: `{ "findings": [...], "fixed": [...] }`.
pub fn to_json(report: &Report) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "findings": report.findings,
        "fixed": report.fixed,
    }))
    .expect("findings serialize")
}

/// [`to_json`] for a book that could not be checked at all (no book.toml,
/// an invalid one): its errors as findings, so a program reading stdout
/// gets a document either way.
pub fn failure_to_json(failure: &Failure) -> String {
    let findings = failure
        .0
        .items()
        .iter()
        .map(|d| Finding {
            code: d.code.clone().unwrap_or_else(|| "build".to_string()),
            severity: severity_label(d.severity),
            file: d.file.clone(),
            line: d.line,
            column: d.col,
            message: d.message.clone(),
            suggestion: d.hint.clone(),
            fix: None,
        })
        .collect();
    to_json(&Report {
        findings,
        fixed: Vec::new(),
    })
}

/// Severity of a loader diagnostic as a finding's label.
pub(crate) fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
