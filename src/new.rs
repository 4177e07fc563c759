//! `bookpack new`: a new book folder that builds at once — a `book.toml`
//! naming every key (the optional ones commented out, with what they do),
//! one chapter with a note, and a `.gitignore` for the output folder.
//!
//! The folder appears whole or not at all: it is written beside its final
//! place under a temporary name and renamed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Failure};

/// The first chapter's file name.
pub const CHAPTER_FILE: &str = "01-the-first-chapter.md";

/// What `bookpack new` asks for.
#[derive(Debug, Clone)]
pub struct NewBook {
    pub title: String,
    pub authors: Vec<String>,
    pub language: String,
    /// `YYYY-MM-DD`: the day the book was started, its `date` until the
    /// author gives another (without one the editions are dated 1970).
    pub date: String,
    /// `urn:uuid:…`, minted once here: readers' libraries know the ebook by
    /// it, so it must outlive a corrected title (the identifier derived
    /// when book.toml has none changes with the title).
    pub identifier: String,
    /// For a language in a script EB Garamond lacks: the face to fall
    /// back to, and whether it is installed here (see [`fallback_for`]).
    pub fallback: Option<(Fallback, bool)>,
}

/// A fallback face for a script the embedded family lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback {
    /// The family, as `[pdf] fallback-fonts` names it.
    pub family: &'static str,
    /// The Debian package that installs it.
    pub package: &'static str,
}

/// The face a book in `language` needs beside EB Garamond (Latin, Greek
/// and Cyrillic): Hebrew, Arabic-script and CJK languages; `None` for
/// the others.
pub fn fallback_for(language: &str) -> Option<Fallback> {
    let (family, package) = match crate::labels::primary(language).as_str() {
        "he" | "iw" | "yi" => ("Noto Serif Hebrew", "fonts-noto-core"),
        "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" => ("Noto Naskh Arabic", "fonts-noto-core"),
        // The face of the book's own region: kanji and hanja take the
        // shapes Japanese and Korean readers know, and Taiwan's and Hong
        // Kong's characters theirs.
        "ja" => ("Noto Serif CJK JP", "fonts-noto-cjk"),
        "ko" => ("Noto Serif CJK KR", "fonts-noto-cjk"),
        "zh" if crate::labels::traditional_chinese(language) => {
            ("Noto Serif CJK TC", "fonts-noto-cjk")
        }
        "zh" => ("Noto Serif CJK SC", "fonts-noto-cjk"),
        _ => return None,
    };
    Some(Fallback { family, package })
}

/// "Anonymous" in the languages bookpack has labels for (and a few
/// more), the author a new book names until it is given one: it is
/// printed on the title page, in the book's language.
pub fn anonymous(language: &str) -> &'static str {
    match crate::labels::primary(language).as_str() {
        "fr" => "Anonyme",
        "de" => "Anonym",
        "es" => "Anónimo",
        "it" => "Anonimo",
        "pt" => "Anónimo",
        "nl" => "Anoniem",
        "sq" => "Anonim",
        "ru" => "Аноним",
        "uk" => "Анонім",
        "pl" => "Anonim",
        "sv" | "da" | "nb" | "nn" | "no" | "cs" => "Anonym",
        "tr" => "Anonim",
        "fi" => "Anonyymi",
        "fa" => "ناشناس",
        "ko" => "작자 미상",
        "el" => "Ανώνυμος",
        "he" | "iw" => "אלמוני",
        "ar" => "مجهول",
        "zh" => "佚名",
        "ja" => "作者不詳",
        _ => "Anonymous",
    }
}

impl NewBook {
    /// Defaults: the title from the folder's name (`my-book` → `My Book`),
    /// `Anonymous`, English (see [`NewBook::in_language`]).
    pub fn for_dir(dir: &Path) -> NewBook {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("Untitled");
        let title = name
            .split(['-', '_', ' '])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        NewBook {
            title: if title.is_empty() {
                "Untitled".into()
            } else {
                title
            },
            authors: vec!["Anonymous".into()],
            language: "en".into(),
            date: crate::dates::iso8601(crate::dates::now())[..10].to_string(),
            identifier: fresh_uuid(dir),
            fallback: None,
        }
    }

    /// The book in `language`: its anonymous author too, unless it has
    /// been given one.
    pub fn in_language(&mut self, language: &str) {
        if self.authors == [anonymous(&self.language)] {
            self.authors = vec![anonymous(language).to_string()];
        }
        self.language = language.to_string();
    }
}

/// A random version 4 `urn:uuid:` (RFC 9562). The randomness is the
/// operating system's, through the keys std draws for each `RandomState`
/// (new keys each time), mixed with the clock and the folder: no crate is
/// needed for 122 bits minted once a book.
fn fresh_uuid(dir: &Path) -> String {
    use std::hash::{BuildHasher, Hash, Hasher};
    let word = |salt: u8| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        salt.hash(&mut h);
        dir.hash(&mut h);
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
            .hash(&mut h);
        std::process::id().hash(&mut h);
        h.finish()
    };
    crate::ids::urn_uuid(4, word(0), word(1))
}

/// Writes the new book into `dir`, which must not exist or be empty.
/// Returns the files written.
pub fn create(dir: &Path, book: &NewBook) -> Result<Vec<PathBuf>, Failure> {
    let fail = |msg: String, hint: &str| {
        Failure::single(Diagnostic::error(dir, 0, 0, msg).with_hint(hint.to_string()))
    };
    let empty = match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(fail(
                    "the folder is not empty".into(),
                    "choose a new folder name; bookpack new never writes over files",
                ));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(_) if dir.is_file() => {
            return Err(fail(
                "is a file, not a folder".into(),
                "give the name of a new folder (bookpack new makes it), or of an empty one",
            ))
        }
        Err(e) => {
            return Err(fail(
                format!("cannot read the folder: {e}"),
                "check its permissions",
            ))
        }
    };
    let files = [
        ("book.toml", book_toml(book)),
        (CHAPTER_FILE, chapter(&book.language)),
        (
            ".gitignore",
            "# What `bookpack build` writes.\nout/\n".to_string(),
        ),
    ];
    // An empty folder (`mkdir b && cd b && bookpack new .`, as `cargo
    // init` is used) is filled in place, file by file, the files written
    // so far removed on failure: it was removed and a staged copy renamed
    // over it, which cannot be done to "." (it failed, "Invalid
    // argument") and would leave a shell in it in a deleted folder.
    if empty {
        let mut written: Vec<PathBuf> = Vec::new();
        for (file, text) in &files {
            let path = dir.join(file);
            if let Err(e) = crate::output::write_atomic(&path, text.as_bytes()) {
                for done in &written {
                    let _ = fs::remove_file(done);
                }
                return Err(fail(
                    format!("cannot create the book: {e}"),
                    "check that the folder is writable",
                ));
            }
            written.push(path);
        }
        return Ok(written);
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("book");
    let staging = parent.join(format!(".{name}.bookpack-new"));
    let result = (|| -> std::io::Result<()> {
        let _ = fs::remove_dir_all(&staging);
        fs::create_dir_all(&staging)?;
        for (file, text) in &files {
            fs::write(staging.join(file), text)?;
        }
        fs::rename(&staging, dir)
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(
            format!("cannot create the book: {e}"),
            "check that the parent folder exists and is writable",
        ));
    }
    Ok(files.iter().map(|(f, _)| dir.join(f)).collect())
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `book.toml`: the required keys set, every other key shown commented out
/// with an example (uncommenting any line gives a valid book).
pub fn book_toml(book: &NewBook) -> String {
    let mut t = String::new();
    let authors: Vec<String> = book.authors.iter().map(|a| quoted(a)).collect();
    let _ = write!(
        t,
        r#"# This book's configuration. Lines starting with `#` followed by a key are
# optional settings: remove the `#` to use one. See README.md, "book.toml
# reference", and run `bookpack check` to find faults in the text.

title = {title}
#subtitle = "A Subtitle"
# A shorter title for running heads, when the title is long.
#short-title = "Short Title"
authors = [{authors}]
# Others who made the book: translator, editor, illustrator, introduction,
# afterword, annotator, photographer, cover-designer, compiler, contributor.
#contributors = [{{ name = "A. Translator", role = "translator" }}]
# BCP 47 tag: picks hyphenation patterns, labels and the spelling dictionary.
language = {language}

# The ebook's identifier, minted for this book: reading apps know it by
# this, so keep it when the title changes (a new edition may take a new
# one). An ISBN per edition, when the book has them, replaces it.
identifier = {identifier}
#isbn = {{ ebook = "978-0-306-40615-7", print = "978-1-4028-9462-6" }}
#publisher = "A Publisher"
# YYYY, YYYY-MM or YYYY-MM-DD: the editions' date (the day this book was
# started, until you give its own).
date = {date}
#rights = "© {year} The Author. All rights reserved."
#description = "A sentence or two for catalogues and reading apps."
# Where the text comes from, for an edition of an older work (the
# imprint says "Text from" and this).
#source = "the first edition (London: Smith, Elder & Co., 1901)"
#series = {{ name = "A Series", position = 1 }}
# The author's other books, listed on a card page (in print, the back of
# a half-title before the title page).
#also-by = ["An Earlier Book"]
# A Markdown file with a table of `Original` and `Corrected` columns.
#errata = "ERRATA.md"

# The chapter files, in reading order.
chapters = [{chapter}]
# Heading levels in the table of contents: 1 (chapters) to 6.
#toc-depth = 2
# The digits of the numbers bookpack writes (chapter labels, page and note
# numbers): latn (0123456789), arab (٠١٢٣٤٥٦٧٨٩), arabext (۰۱۲۳۴۵۶۷۸۹)…;
# default: the language's (Arabic arab, Persian arabext, most others latn).
#numerals = "latn"

{labels}
#[notes]
# "chapter": numbers restart in each chapter; "book": one series.
#numbering = "chapter"

#[figures]
# Open each caption with its number: "none", "chapter" (Figure 3.2) or
# "book" (Figure 7); an empty link [](#fig-map) prints it.
#numbering = "chapter"
# A List of Figures after the contents, each entry linked, with its page.
#list = true

#[tables]
#numbering = "book"
#list = true

#[listings]
# Code blocks with lst-cap="…" or an #lst- id: "Listing 3.2", @lst-x prints it.
#numbering = "chapter"
#list = true

#[theorems]
# ::: {{#thm-x}} blocks: "chapter" (Theorem 3.1, the default) or "book"
# (Theorem 7); shared = true counts all kinds in one series (Theorem 1,
# Lemma 2, Corollary 3), as amsthm's \newtheorem{{lemma}}[theorem] does.
#numbering = "book"
#shared = true

#[bibliography]
# The works the chapters cite ([see @key, p. 3], @key): BibLaTeX (.bib), CSL
# JSON (.json) or Hayagriva YAML (.yaml), listed at the end of the chapter
# whose front matter says kind = "bibliography".
#file = "references.bib"
# A CSL style: chicago-author-date, apa, ieee, modern-language-association,
# vancouver… or a .csl file in the book folder.
#style = "chicago-author-date"
# Works listed though no chapter cites them; ["*"] lists every work.
#nocite = ["key"]

#[epub]
# PNG or JPEG; without one a cover is drawn from the title and authors.
#cover = "cover.jpg"

{pdf}
# a5, a4, letter, 6x9 or 5.5x8.5.
#paper = "a5"
# In points; inner is the binding side.
#margins = {{ top = 51, bottom = 68, inner = 55, outer = 65 }}
#font-size = 11
# Baseline to baseline, at least the font size; default 14/11 of it.
#leading = 14
#hyphenation = {{ left-min = 2, right-min = 3 }}
# Where the notes are set: "book-end", "chapter-end" or "page-bottom".
#notes = "book-end"
# Chapters open on a recto ("recto") or on the next page ("any").
#chapters-open = "recto"
# Open on a half-title, the title alone, before the title page.
#half-title = true
# A link to a place printed on another page is followed by its page,
# "(p. 42)" (the label `page-reference`); false: none.
#page-references = true
# TrueType/OpenType files in this folder; default EB Garamond and Inconsolata.
#fonts = {{ regular = "fonts/Regular.ttf", italic = "fonts/Italic.ttf" }}
{fallback}
#[code]
# Colour code blocks by the language after their fence; false: in black.
#highlight = false
# Number the lines of every code block (one block: ```{{.python .numberLines}}).
#line-numbers = true

#[math]
# The book's own TeX commands for $…$ formulas: #1…#9 are arguments.
#macros = {{ RR = "\\mathbb{{R}}", norm = "\\left\\lVert #1 \\right\\rVert" }}

#[links]
# Schemes to link to besides http, https and mailto.
#allow-schemes = ["tel"]

#[check]
# `bookpack check` codes to turn off for the whole book.
#allow = ["open-quote-continued"]
# A Hunspell dictionary (x.dic beside x.aff) instead of the system's.
#dictionary = "dictionaries/en_GB"
"#,
        title = quoted(&book.title),
        authors = authors.join(", "),
        language = quoted(&book.language),
        date = quoted(&book.date),
        identifier = quoted(&book.identifier),
        year = &book.date[..4],
        chapter = quoted(CHAPTER_FILE),
        labels = labels_section(&book.language),
        pdf = if matches!(book.fallback, Some((_, true))) {
            "[pdf]"
        } else {
            "#[pdf]"
        },
        fallback = match book.fallback {
            None => "# Faces for characters these lack (Chinese, Arabic, Hebrew…): font files\n# in this folder or installed families.\n#fallback-fonts = [\"Noto Serif CJK SC\"]\n".to_string(),
            Some((f, true)) => format!(
                "# EB Garamond has no letters of this book's script: this face sets them.\nfallback-fonts = [{}]\n",
                quoted(f.family)
            ),
            Some((f, false)) => format!(
                "# EB Garamond has no letters of this book's script: install a face that\n# has them (Debian: apt-get install {}) and remove the `#`s of\n# `[pdf]` and of this line, or give a font file in this folder.\n#fallback-fonts = [{}]\n",
                f.package,
                quoted(f.family)
            ),
        },
    );
    t
}

/// The `[labels]` section: commented out, for a language bookpack has
/// labels for; else every label, in English, for the author to put in
/// the book's language (so the book builds without the warning that
/// they are missing, and says what to translate).
fn labels_section(language: &str) -> String {
    let mut t = String::new();
    if crate::labels::Labels::built_in(language).is_some() {
        let _ = write!(
            t,
            "# Words the book uses in place of the built-in ones (`bookpack` knows them\n# for these languages:\n# {}).\n#[labels]\n#contents = \"Contents\"\n",
            crate::labels::BUILT_IN.join(", ")
        );
        return t;
    }
    let _ = write!(
        t,
        "# The words the editions print themselves. bookpack has none built in for\n# `{language}`: these are the English ones; put each in the book's language\n# (`{{…}}` marks where bookpack puts a value: keep it, anywhere in the text).\n[labels]\n"
    );
    let english = crate::labels::Labels::english();
    let values = serde_json::to_value(&english).unwrap_or_default();
    for key in crate::labels::Labels::KEYS {
        if let Some(value) = values.get(*key).and_then(|v| v.as_str()) {
            let _ = writeln!(t, "{key} = {}", quoted(value));
        }
    }
    t
}

/// `text` as a POSIX shell reads it back as one word: as it is when
/// nothing in it is special to the shell, else in single quotes (a
/// single quote inside written `'\''`).
pub fn shell_quoted(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| {
        c.is_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '/' | ',' | ':' | '@' | '%' | '+' | '=')
    };
    if !text.is_empty() && text.chars().all(plain) && !text.starts_with('=') {
        text.into()
    } else {
        format!("'{}'", text.replace('\'', "'\\''")).into()
    }
}

/// The first chapter: a title, two paragraphs, one note. Its words are
/// English: in a book in another language they are marked so (an
/// English passage, spans), or both editions would set them by that
/// language's rules (French spaces before colons and « » quotes, its
/// hyphenation and dictionary), and say so, for the author to replace
/// them with the book's own.
fn chapter(language: &str) -> String {
    const TITLE: &str = "The First Chapter";
    const BODY: &str = "Write the chapter here in Markdown, one paragraph after another with a
blank line between them: *emphasis*, **strong** text, “quotation marks”
and dashes (`--` gives an en dash, `---` an em dash).

A note is referenced where it belongs and written anywhere in the
file.[^1] Both editions number the notes and link each reference to its
note and back.
";
    const NOTE: &str = "This is a note. Add chapters as files beside this one and list them
    in `chapters` in book.toml.";
    if crate::labels::primary(language) == "en" {
        return format!("# {TITLE}\n\n{BODY}\n[^1]: {NOTE}\n");
    }
    format!(
        "# <span lang=\"en\">{TITLE}</span>

::: {{lang=en}}
{BODY}
These words are English in a book in `{language}`, and marked so: the
passage (`::: {{lang=en}}` … `:::`) and the spans around the title and
the note. Write the book’s own text in their place, without the marks.
:::

[^1]: <span lang=\"en\">{NOTE}</span>
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anonymous_author_is_named_in_the_books_language() {
        let mut book = NewBook::for_dir(Path::new("livre"));
        assert_eq!(book.authors, ["Anonymous"]);
        book.in_language("fr-CA");
        assert_eq!(book.authors, ["Anonyme"]);
        book.in_language("he");
        assert_eq!(book.authors, ["אלמוני"]);
        book.in_language("tlh");
        assert_eq!(book.authors, ["Anonymous"]);
        // A name given stays.
        book.authors = vec!["Colette".into()];
        book.in_language("fr");
        assert_eq!(book.authors, ["Colette"]);
    }

    #[test]
    fn a_path_is_quoted_only_when_the_shell_needs_it() {
        assert_eq!(shell_quoted("my-book"), "my-book");
        assert_eq!(shell_quoted("n/livre_été.2"), "n/livre_été.2");
        assert_eq!(
            shell_quoted("n é book/Mon Livre Été"),
            "'n é book/Mon Livre Été'"
        );
        assert_eq!(shell_quoted("it's"), "'it'\\''s'");
        for special in ["a$b", "a*", "~/b", "a;b", "a\"b", "", "a\tb", "(a)", "a&b"] {
            assert!(shell_quoted(special).starts_with('\''), "{special:?}");
        }
    }

    /// A book in a language without built-in labels gets them all, in
    /// English, set in `[labels]`: it builds without the warning, and the
    /// author sees what to translate.
    #[test]
    fn a_language_without_labels_gets_them_in_english_to_translate() {
        let mut book = NewBook::for_dir(Path::new("b"));
        book.language = "tlh".into();
        let toml = book_toml(&book);
        let config = parse(&toml);
        assert_eq!(config.labels.len(), crate::labels::Labels::KEYS.len());
        assert!(
            toml.contains("\n[labels]\ncontents = \"Contents\"\n"),
            "{toml}"
        );
        assert!(toml.contains("chapter-number = \"Chapter {n}\""), "{toml}");
        assert!(toml.contains("none built in for\n# `tlh`"), "{toml}");
        book.language = "zh".into();
        let toml = book_toml(&book);
        assert!(parse(&toml).labels.is_empty());
        assert!(toml.contains("#[labels]\n#contents"), "{toml}");
        assert!(toml.contains("zh-Hant"), "{toml}");
    }

    #[test]
    fn each_new_book_gets_its_own_identifier_written_out() {
        let dir = Path::new("/books/my-book");
        let (a, b) = (NewBook::for_dir(dir), NewBook::for_dir(dir));
        assert_ne!(
            a.identifier, b.identifier,
            "minted afresh, even for one folder"
        );
        for id in [&a.identifier, &b.identifier] {
            let hex = id.strip_prefix("urn:uuid:").expect(id);
            let groups: Vec<usize> = hex.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert_eq!(&hex[14..15], "4", "version 4: {id}");
            assert!("89ab".contains(&hex[19..20]), "RFC variant: {id}");
        }
        // Set in book.toml, not left commented out, so the ebook keeps it
        // when the title is corrected.
        let config = parse(&book_toml(&a));
        assert_eq!(config.identifier.as_deref(), Some(a.identifier.as_str()));
    }

    #[test]
    fn the_title_comes_from_the_folder() {
        assert_eq!(
            NewBook::for_dir(Path::new("x/my-first_book")).title,
            "My First Book"
        );
    }

    /// `toml` with every commented key uncommented.
    fn uncommented(toml: &str) -> String {
        toml.lines()
            .map(|l| match l.strip_prefix('#') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '[') => {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect()
    }

    fn parse(toml: &str) -> crate::config::Config {
        crate::config::parse(toml, Path::new("book.toml")).unwrap_or_else(|f| panic!("{f}\n{toml}"))
    }

    /// A book in Hebrew, Arabic or Chinese names the face its letters
    /// need: set, when it is installed; else commented out, with how to
    /// install it. Either way, and uncommented, the file is valid.
    #[test]
    fn a_book_in_a_script_eb_garamond_lacks_names_its_face() {
        let hebrew = fallback_for("he-IL").unwrap();
        assert_eq!(hebrew.family, "Noto Serif Hebrew");
        assert_eq!(fallback_for("fa").unwrap().family, "Noto Naskh Arabic");
        assert_eq!(fallback_for("zh-Hans").unwrap().package, "fonts-noto-cjk");
        assert_eq!(fallback_for("ru"), None);
        assert_eq!(fallback_for("en-GB"), None);
        let mut book = NewBook::for_dir(Path::new("sefer"));
        book.language = "he".into();
        book.fallback = Some((hebrew, true));
        let names = |c: &crate::config::Config| -> Vec<String> {
            c.pdf
                .fallback_fonts
                .iter()
                .map(|f| f.get_ref().clone())
                .collect()
        };
        let set = book_toml(&book);
        assert_eq!(names(&parse(&set)), ["Noto Serif Hebrew"]);
        book.fallback = Some((hebrew, false));
        let commented = book_toml(&book);
        assert!(names(&parse(&commented)).is_empty());
        assert!(
            commented.contains("apt-get install fonts-noto-core"),
            "{commented}"
        );
        assert_eq!(
            names(&parse(&uncommented(&commented))),
            ["Noto Serif Hebrew"]
        );
        assert_eq!(names(&parse(&uncommented(&set))), ["Noto Serif Hebrew"]);
    }

    /// Every optional key, uncommented, still makes a valid book.toml.
    #[test]
    fn every_commented_key_is_valid() {
        let toml = book_toml(&NewBook::for_dir(Path::new("b")));
        let all = uncommented(&toml);
        let config = parse(&all);
        assert_eq!(config.check.allow.len(), 1);
        assert!(config.isbn.ebook.is_some() && config.series.is_some());
        assert!(config.figures.list && config.tables.list);
        assert!(config.bibliography.file.is_some() && config.bibliography.style.is_some());
        assert!(!config.code.highlight);
        for key in crate::config::TOP_LEVEL_KEYS.split(", ") {
            let key = key.trim_matches(['[', ']']);
            assert!(
                toml.lines().any(|l| l
                    .trim_start_matches('#')
                    .trim_start_matches('[')
                    .starts_with(key)),
                "book.toml template does not show `{key}`"
            );
        }
    }
}
