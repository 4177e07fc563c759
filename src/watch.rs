//! `bookpack watch`: build, then build again whenever a file of the book changes, until Ctrl-C.
//!
//! The book's folder is watched recursively (chapters, `book.toml`, images
//! and fonts kept with the book), through the OS's file events (notify),
//! debounced so that an editor's save — often a write, a rename and a
//! change of mode — is one rebuild. Only a file the book can read is a
//! reason to rebuild (see [`is_input`]): events inside the output folder
//! (our own writes), a log the watch's output is sent to inside the book's
//! folder (which rebuilt forever), notes to self, are ignored. Ctrl-C is only noted while a build runs: the
//! loop stops between builds, so an atomic write is never cut short and
//! no temporary file is left behind.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::diagnostics::{Diagnostic, Failure};

/// Quiet time after the last event before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// How often the loop looks at the Ctrl-C flag while waiting.
const POLL: Duration = Duration::from_millis(100);

/// Runs `rebuild` once, then after every change under `book_dir` that is
/// not under `out_dir`, until Ctrl-C. `rebuild` prints its own results.
pub fn run(
    book_dir: &Path,
    out_dir: &Path,
    quiet: bool,
    mut rebuild: impl FnMut() -> bool,
) -> Result<(), Failure> {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)).map_err(|e| {
            Failure::single(Diagnostic::error(
                book_dir,
                0,
                0,
                format!("cannot catch Ctrl-C: {e}"),
            ))
        })?;
    }
    let watched = book_dir.canonicalize().map_err(|e| {
        Failure::single(
            Diagnostic::error(book_dir, 0, 0, format!("cannot watch: {e}"))
                .with_hint("give the folder that holds book.toml"),
        )
    })?;
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).map_err(|e| watch_error(book_dir, &e))?;
    debouncer
        .watcher()
        .watch(&watched, RecursiveMode::Recursive)
        .map_err(|e| watch_error(book_dir, &e))?;

    // Reading the sources is an event too (inotify reports opens): a path
    // counts as changed only when its size or modification time did.
    let mut stamps: HashMap<PathBuf, Option<Stamp>> = HashMap::new();
    stamp_tree(&watched, &mut stamps);
    rebuild();
    // The output folder exists once a build has written to it.
    let out = absolute(out_dir);
    announce(
        quiet,
        &format!("watching {} (Ctrl-C stops)", book_dir.display()),
    );
    while !stop.load(Ordering::SeqCst) {
        let events = match rx.recv_timeout(POLL) {
            Ok(Ok(events)) => events,
            Ok(Err(e)) => {
                say_err!("watch: {e}");
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let named = named_in_config(&watched);
        let changed: Vec<PathBuf> = events
            .into_iter()
            .map(|e| e.path)
            .filter(|p| !p.starts_with(&out) && !p.is_dir() && is_input(p, &named))
            .filter(|p| restamp(&mut stamps, p))
            .collect();
        let Some(first) = changed.first() else {
            continue;
        };
        let shown = first.strip_prefix(&watched).unwrap_or(first);
        announce(quiet, &format!("changed: {}; building", shown.display()));
        rebuild();
    }
    announce(quiet, "watch: stopped");
    Ok(())
}

/// The kinds of file a book reads, by extension: Markdown (chapters, the
/// errata), pictures (those it cannot use too: replacing one is a fix),
/// fonts, Hunspell dictionaries.
const INPUT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "tif", "tiff", "avif",
    "ttf", "otf", "ttc", "otc", "woff", "woff2", "dic", "aff",
];

/// Whether a change to `path` can change the book: `book.toml`, a file
/// it names (`named`: chapters, errata, cover, fonts, whatever their
/// names), or a file of a kind a book reads (see [`INPUT_EXTENSIONS`]).
fn is_input(path: &Path, named: &HashSet<PathBuf>) -> bool {
    path.file_name().is_some_and(|n| n == "book.toml")
        || named.contains(&plain(path))
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The files `book_dir/book.toml` names (chapters, errata, cover, font
/// files, the bibliography and a `.csl` style), as paths under
/// `book_dir`; none while it does not parse.
fn named_in_config(book_dir: &Path) -> HashSet<PathBuf> {
    let toml_path = book_dir.join("book.toml");
    let Some(config) = std::fs::read_to_string(&toml_path)
        .ok()
        .and_then(|text| crate::config::parse(&text, &toml_path).ok())
    else {
        return HashSet::new();
    };
    let fonts = &config.pdf.fonts;
    config
        .chapters
        .iter()
        .chain(&config.errata)
        .chain(&config.epub.cover)
        .chain(&config.bibliography.file)
        .chain(
            config
                .bibliography
                .style
                .iter()
                .filter(|s| s.get_ref().ends_with(".csl")),
        )
        .chain(
            [
                &fonts.regular,
                &fonts.italic,
                &fonts.bold,
                &fonts.small_caps,
                &fonts.mono,
            ]
            .into_iter()
            .flatten(),
        )
        .map(|name| plain(&book_dir.join(name.get_ref())))
        .collect()
}

/// `path` without its `.` components (`book/./01.md` is `book/01.md`).
fn plain(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// What tells a file changed: its length and modification time.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Stamps `path` again; whether it changed since it was last stamped. A
/// path never stamped did not exist then (the tree is stamped before the
/// first build, and a file made since is an event): an editor's
/// temporary file, made and renamed or removed between two looks (sed's
/// `sedXXXXXX`, vim's `4913`), is no change, and is not named as one.
fn restamp(stamps: &mut HashMap<PathBuf, Option<Stamp>>, path: &Path) -> bool {
    let now = stamp(path);
    stamps.insert(path.to_path_buf(), now).flatten() != now
}

/// Stamps every file under `dir`.
fn stamp_tree(dir: &Path, stamps: &mut HashMap<PathBuf, Option<Stamp>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            stamp_tree(&path, stamps);
        } else {
            let s = stamp(&path);
            stamps.insert(path, s);
        }
    }
}

fn announce(quiet: bool, message: &str) {
    if !quiet {
        say_err!("{message}");
    }
}

fn watch_error(dir: &Path, e: &notify::Error) -> Failure {
    Failure::single(
        Diagnostic::error(dir, 0, 0, format!("cannot watch the book's files: {e}"))
            .with_hint("on Linux, raise fs.inotify.max_user_watches if the limit is reached"),
    )
}

/// `path` made absolute and resolved as far as it exists, so it compares
/// with the watcher's (canonical) event paths.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(joined.clone()),
        _ => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_a_book_reads_are_inputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"./text/one.txt\", \"two.md\"]\nerrata = \"fixes.list\"\n[bibliography]\nfile = \"works/refs.bib\"\nstyle = \"house.csl\"\n",
        )
        .unwrap();
        let named = named_in_config(dir.path());
        let input = |name: &str| is_input(&dir.path().join(name), &named);
        for name in [
            "book.toml",
            "text/one.txt",
            "two.md",
            "fixes.list",
            "images/map.PNG",
            "fonts/Face.otf",
            "new-chapter.md",
            "works/refs.bib",
            "house.csl",
        ] {
            assert!(input(name), "{name}");
        }
        for name in [
            "watch.log",
            "TODO.txt",
            ".two.md.swp",
            "two.md~",
            "notes",
            "old.bib",
        ] {
            assert!(!input(name), "{name}");
        }
        // A book.toml that does not parse names nothing, and is an input.
        std::fs::write(dir.path().join("book.toml"), "title = ").unwrap();
        assert!(named_in_config(dir.path()).is_empty());
        assert!(is_input(&dir.path().join("book.toml"), &HashSet::new()));
    }

    #[test]
    fn a_change_is_a_new_stamp_and_a_file_made_and_gone_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let chapter = dir.path().join("01.md");
        std::fs::write(&chapter, "# One\n").unwrap();
        let mut stamps = HashMap::new();
        stamp_tree(dir.path(), &mut stamps);
        // Looked at again unchanged: no change.
        assert!(!restamp(&mut stamps, &chapter));
        // Written again, longer: a change, once.
        std::fs::write(&chapter, "# One\n\nMore.\n").unwrap();
        assert!(restamp(&mut stamps, &chapter));
        assert!(!restamp(&mut stamps, &chapter));
        // A temporary file already renamed away when it is looked at.
        assert!(!restamp(&mut stamps, &dir.path().join("sedAbC123")));
        // A new file, and a file removed: changes.
        let figure = dir.path().join("figure.png");
        std::fs::write(&figure, b"png").unwrap();
        assert!(restamp(&mut stamps, &figure));
        std::fs::remove_file(&chapter).unwrap();
        assert!(restamp(&mut stamps, &chapter));
        assert!(!restamp(&mut stamps, &chapter));
    }

    #[test]
    fn absolute_resolves_what_exists_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(absolute(dir.path()), real);
        assert_eq!(absolute(&dir.path().join("out")), real.join("out"));
    }
}
