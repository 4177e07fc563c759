//! The subcommands: each loads what it needs, runs a stage, reports.
//!
//! Diagnostics go to stderr as `path:line:col: severity: message`; results
//! (JSON, hyphenations) to stdout.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{
    BuildArgs, CheckArgs, CheckFormat, Command, CompletionsArgs, DumpArgs, HyphenateArgs,
    ImportArgs, NewArgs, WatchArgs,
};
use crate::diagnostics::{count, Diagnostic, Diagnostics, Failure, Severity};
use crate::progress::Progress;
use crate::{check, editions, import, output, pdf, source, watch};
use std::path::Path;

/// Runs one subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Dump(args) => dump(args),
        Command::Build(args) => build(&args),
        Command::Watch(args) => watch(args),
        Command::Import(args) => import(args),
        Command::Hyphenate(args) => hyphenate(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
    };
    match result {
        Ok(diags) => {
            print_diagnostics(&diags);
            ExitCode::SUCCESS
        }
        Err(Failure(diags)) => {
            print_diagnostics(&diags);
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for d in diags.items() {
        let _ = writeln!(err, "{d}");
    }
}

fn dump(args: DumpArgs) -> Result<Diagnostics, Failure> {
    let dir = source::resolve_book_dir(args.book_dir.as_deref());
    let (book, diags) = source::load_book(&dir)?;
    let json = serde_json::to_string_pretty(&book).expect("the model serializes");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{json}");
    Ok(diags)
}

/// Builds the requested editions, each into a temporary file beside its
/// own, renamed into place only when both succeeded: a failure in either
/// edition writes nothing. With `--quiet`, only
/// errors are kept to be printed.
fn build(args: &BuildArgs) -> Result<Diagnostics, Failure> {
    // The editions are written into temporary files for the whole build:
    // on Ctrl-C they are removed, and the last good files stay as they were.
    // (`watch` catches Ctrl-C itself and lets a build finish.) Without a
    // handler the build runs all the same.
    let _ = ctrlc::set_handler(|| {
        output::remove_pending();
        std::process::exit(130);
    });
    build_cached(args, None)
}

/// What `watch` keeps between rebuilds: each chapter's parse, and what
/// the editions cache.
#[derive(Default)]
struct WatchCache {
    source: source::ParseCache,
    editions: editions::Caches,
}

/// `build`, reusing and refreshing `cache` when given.
fn build_cached(args: &BuildArgs, cache: Option<&mut WatchCache>) -> Result<Diagnostics, Failure> {
    let progress = Progress::stderr(args.quiet);
    let result = build_with(args, &progress, cache);
    if !args.quiet {
        return result;
    }
    let errors_only = |d: Diagnostics| {
        let mut kept = Diagnostics::new();
        for item in d.items() {
            if item.severity == Severity::Error {
                kept.push(item.clone());
            }
        }
        kept
    };
    // Under --deny-warnings a failed build's warnings are its errors: they
    // are said even with --quiet (it said "fix the warnings above" over
    // none).
    let deny = args.deny_warnings;
    result
        .map(errors_only)
        .map_err(|Failure(d)| Failure(if deny { d } else { errors_only(d) }))
}

fn build_with(
    args: &BuildArgs,
    progress: &Progress,
    mut cache: Option<&mut WatchCache>,
) -> Result<Diagnostics, Failure> {
    let dir = source::resolve_book_dir(args.book_dir.as_deref());
    output_folder(&args.out_dir)?;
    if args.check {
        // As the build's own messages: errors only with --quiet, and
        // warnings denied with --deny-warnings (said even with --quiet, as
        // they stop the build before it writes anything).
        let quiet = args.quiet && !args.deny_warnings;
        let warnings = run_check(&dir, CheckFormat::Text, false, quiet)?;
        if args.deny_warnings && warnings > 0 {
            return Err(Failure::single(
                Diagnostic::of_the_run(format!(
                    "check found {} and warnings are denied (--deny-warnings); nothing was written",
                    count(warnings, "warning")
                ))
                .with_hint("fix the warnings, or build without --deny-warnings"),
            ));
        }
    }
    // `watch` keeps every chapter whole between rebuilds (its caches key
    // on the text); a single build holds outlines and reads each chapter
    // again as the editions set it, so its memory is that of a few
    // chapters, not the book.
    let (book, mut diags) = match cache.as_deref_mut() {
        Some(cache) => source::load_book_with(&dir, Some(&mut cache.source))?,
        None => source::load_book_to_build(&dir)?,
    };
    let both = !args.epub && !args.pdf;
    let wanted = editions::Wanted {
        epub: both || args.epub,
        pdf: both || args.pdf,
    };
    // The backends name chapter files relative to the book folder; show
    // them as the user reaches them, like the loader's messages.
    // (A message the loader made names its file from the folder already:
    // it said `././book.toml`.)
    let in_book = |d: Diagnostics| {
        d.map_files(|p| {
            if p.is_relative() && !p.starts_with(&dir) {
                dir.join(p)
            } else {
                p.to_path_buf()
            }
        })
    };
    let slug = &book.metadata.slug;
    let cannot_write = |path: &Path, e: &dyn std::fmt::Display| {
        // The output folder could not be made (`-o /proc/x`): said so,
        // not "cannot write" a file in it.
        if let Some(folder) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.exists())
        {
            return Failure::single(
                Diagnostic::error(folder, 0, 0, format!("cannot make the output folder: {e}"))
                    .with_hint("give -o a folder you can write to (it is made if missing)"),
            );
        }
        let hint = if path.is_dir() {
            "a folder has the file's name: move it away, or build into another folder with -o"
        } else {
            "check that the folder is writable"
        };
        Failure::single(Diagnostic::error(path, 0, 0, format!("cannot write: {e}")).with_hint(hint))
    };
    // Each edition goes to its file as it is made (a long book's PDF is
    // tens of megabytes, its EPUB several): a temporary file beside it,
    // renamed only once both editions succeeded and nothing denies the
    // build, removed otherwise.
    let pdf_path = args.out_dir.join(format!("{slug}.pdf"));
    let epub_path = args.out_dir.join(format!("{slug}.epub"));
    let create = |wanted: bool, path: &Path| {
        wanted
            .then(|| output::AtomicFile::create(path).map_err(|e| cannot_write(path, &e)))
            .transpose()
    };
    let mut epub_file = create(wanted.epub, &epub_path)?;
    let mut pdf_file = create(wanted.pdf, &pdf_path)?;
    // The report's file too, before anything is built: a path that cannot
    // be written failed the command after both editions were written.
    let mut report_file = match &args.report {
        Some(path) => Some((create(true, path)?.expect("wanted"), path)),
        None => None,
    };
    // An edition not wanted is not written to.
    let mut no_pdf = std::io::sink();
    let mut no_epub = std::io::Cursor::new(Vec::new());
    let mut backend = Diagnostics::new();
    let rendered = editions::render_into(
        &book,
        wanted,
        &mut backend,
        progress,
        cache.map(|c| &mut c.editions),
        match &mut pdf_file {
            Some(file) => file,
            None => &mut no_pdf,
        },
        match &mut epub_file {
            Some(file) => file,
            None => &mut no_epub,
        },
    );
    progress.finish();
    for (file, path) in [(&epub_file, &epub_path), (&pdf_file, &pdf_path)] {
        if let Some(e) = file.as_ref().and_then(|f| f.error()) {
            return Err(cannot_write(path, &e));
        }
    }
    diags.extend(in_book(backend));
    let rendered = rendered.map_err(|Failure(f)| merged(&diags, Failure(in_book(f))))?;

    let mut report_json = serde_json::Map::new();
    let mut epub_summary = None;
    if let Some(length) = rendered.epub {
        let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
        // A dedication, a part's page or an appendix is no chapter.
        let chapters = book
            .chapters
            .iter()
            .filter(|c| c.kind == crate::model::ChapterKind::Chapter)
            .count();
        let others = match book.chapters.len() - chapters {
            0 => String::new(),
            n => format!(" and {} other", count(n, "section")),
        };
        epub_summary = Some(format!(
            "epub: {} ({}{others}, {}, {} KB)",
            epub_path.display(),
            count(chapters, "chapter"),
            count(notes, "note"),
            length.div_ceil(1024)
        ));
        report_json.insert(
            "epub".into(),
            serde_json::json!({ "file": epub_path, "bytes": length, "chapters": book.chapters.len(), "notes": notes }),
        );
    }
    let mut pdf_summary = None;
    if let Some((length, report)) = rendered.pdf {
        pdf_summary = Some(format!(
            "{} ({}, {} KB)",
            report.summary_line(),
            pdf_path.display(),
            length.div_ceil(1024)
        ));
        let mut value = serde_json::to_value(&report).expect("the report serializes");
        value["file"] = serde_json::json!(pdf_path);
        report_json.insert("pdf".into(), value);
    }
    if args.deny_warnings && diags.has_warnings() {
        diags.push(
            Diagnostic::of_the_run("warnings are denied (--deny-warnings); nothing was written")
                .with_hint("fix the warnings above, or build without --deny-warnings"),
        );
        return Err(Failure(diags));
    }
    if let Some((file, path)) = &mut report_file {
        let mut json =
            serde_json::to_vec_pretty(&serde_json::Value::Object(report_json)).expect("JSON");
        json.push(b'\n');
        file.write_all(&json).map_err(|e| cannot_write(path, &e))?;
    }
    for (file, summary, path) in [
        (epub_file, epub_summary, &epub_path),
        (pdf_file, pdf_summary, &pdf_path),
    ] {
        if let (Some(file), Some(summary)) = (file, summary) {
            file.commit().map_err(|e| cannot_write(path, &e))?;
            if !args.quiet {
                say!("{summary}");
            }
        }
    }
    if let Some((file, path)) = report_file {
        file.commit().map_err(|e| cannot_write(path, &e))?;
    }
    Ok(diags)
}

/// Builds, then builds again on every change of the book's files until
/// Ctrl-C. A failed build prints why and keeps the last good files (each
/// build writes atomically, and only when both editions succeeded).
fn watch(args: WatchArgs) -> Result<Diagnostics, Failure> {
    let dir = source::resolve_book_dir(args.book_dir.as_deref());
    let build_args = BuildArgs {
        book_dir: Some(dir.clone()),
        out_dir: args.out_dir.clone(),
        epub: args.epub,
        pdf: args.pdf,
        report: None,
        deny_warnings: false,
        check: false,
        quiet: args.quiet,
    };
    let mut cache = WatchCache::default();
    let rebuild = || {
        let start = std::time::Instant::now();
        let ok = match build_cached(&build_args, Some(&mut cache)) {
            Ok(diags) => {
                print_diagnostics(&diags);
                true
            }
            Err(Failure(diags)) => {
                print_diagnostics(&diags);
                say_err!("watch: the build failed; the last good editions are kept");
                false
            }
        };
        if ok && !args.quiet {
            say!(
                "built in {:.2} s ({} of {} PDF sections set anew, {} of the EPUB's files compressed anew)",
                start.elapsed().as_secs_f64(),
                cache.editions.pdf.set,
                cache.editions.pdf.sections,
                cache.editions.epub.compressed,
            );
        }
        let _ = std::io::stdout().flush();
        ok
    };
    output_folder(&args.out_dir)?;
    watch::run(&dir, &args.out_dir, args.quiet, rebuild)?;
    Ok(Diagnostics::new())
}

/// An error when a file stands where the output folder `out_dir` (given
/// with `-o`), or a folder above it, would be: the file system's own
/// words for it are "File exists".
fn output_folder(out_dir: &Path) -> Result<(), Failure> {
    let Some(file) = output::file_in_the_way(out_dir) else {
        return Ok(());
    };
    let message = if file == out_dir {
        "is a file, not a folder: the output goes into the folder `-o` names".to_string()
    } else {
        format!(
            "is a file, so the output folder {} cannot be made under it",
            out_dir.display()
        )
    };
    Err(Failure::single(
        Diagnostic::error(&file, 0, 0, message)
            .with_hint("give `-o` a folder (it is made if missing), e.g. `-o out`"),
    ))
}

/// The load's warnings followed by a stage's failure, so none is lost.
fn merged(earlier: &Diagnostics, failure: Failure) -> Failure {
    let mut all = earlier.clone();
    all.extend(failure.0);
    Failure(all)
}

fn import(args: ImportArgs) -> Result<Diagnostics, Failure> {
    output_folder(&args.out_dir)?;
    let outcome = import::run_many(&args.raw, &args.out_dir, args.number)?;
    for path in &outcome.written {
        say!("wrote {}", path.display());
    }
    for c in &outcome.chapters {
        say!(
            "chapter {} ({}): {}, {} note references",
            c.number,
            c.chapter_file,
            count(c.notes, "note"),
            c.notes
        );
    }
    Ok(outcome.warnings)
}

fn new(args: NewArgs) -> Result<Diagnostics, Failure> {
    let mut book = crate::new::NewBook::for_dir(&args.dir);
    if let Some(t) = args.title {
        book.title = t;
    }
    book.in_language(&args.language);
    if !args.authors.is_empty() {
        book.authors = args.authors;
    }
    book.fallback = crate::new::fallback_for(&args.language).map(|f| {
        let installed =
            crate::fonts::find_installed(f.family, &crate::fonts::system_font_dirs()).is_some();
        (f, installed)
    });
    for path in crate::new::create(&args.dir, &book)? {
        say!("wrote {}", path.display());
    }
    // From inside the book, so the editions land in its own `out/`, the
    // folder the written .gitignore leaves out (`-o` is relative to the
    // working directory, not to the book).
    if crate::labels::Labels::built_in(&book.language).is_none() {
        say!(
            "bookpack has no labels for `{}`: book.toml's [labels] holds them in English, to put in the book's language",
            book.language
        );
    }
    let here = std::env::current_dir().ok();
    if here.is_some() && std::fs::canonicalize(&args.dir).ok() == here {
        say!("build it with: bookpack build");
    } else {
        say!(
            "build it with: cd {} && bookpack build",
            crate::new::shell_quoted(&args.dir.display().to_string())
        );
    }
    Ok(Diagnostics::new())
}

fn completions(args: CompletionsArgs) -> Result<Diagnostics, Failure> {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "bookpack", &mut script);
    let _ = std::io::stdout().lock().write_all(&script);
    Ok(Diagnostics::new())
}

fn man() -> Result<Diagnostics, Failure> {
    crate::manual::write(&mut std::io::stdout().lock()).map_err(|e| {
        Failure::single(Diagnostic::error(
            "stdout",
            0,
            0,
            format!("cannot write: {e}"),
        ))
    })?;
    Ok(Diagnostics::new())
}

fn check(args: CheckArgs) -> Result<Diagnostics, Failure> {
    let dir = source::resolve_book_dir(args.book_dir.as_deref());
    run_check(&dir, args.format, args.fix, false)?;
    Ok(Diagnostics::new())
}

/// Runs the checks and prints what they found; an error-level finding is a
/// failure (exit 1) whose messages are already printed.
/// Runs `check` on the book in `dir`, printing its findings (with
/// `quiet`, its errors only); fails when it found an error, else gives the
/// number of warnings it found.
fn run_check(dir: &Path, format: CheckFormat, fix: bool, quiet: bool) -> Result<usize, Failure> {
    let options = check::Options {
        fix,
        ..Default::default()
    };
    let report = match check::check_book(dir, &options) {
        Ok(report) => report,
        Err(failure) if format == CheckFormat::Json => {
            say!("{}", check::failure_to_json(&failure));
            return Err(Failure(Diagnostics::new()));
        }
        Err(failure) => return Err(failure),
    };
    match format {
        CheckFormat::Json => say!("{}", check::to_json(&report)),
        CheckFormat::Text => {
            let mut err = std::io::stderr().lock();
            for f in report.findings.iter().filter(|f| !quiet || f.is_error()) {
                let _ = writeln!(err, "{}", f.diagnostic());
            }
            for f in &report.fixed {
                say!(
                    "fixed {}:{}:{}: [{}] {} → {}",
                    f.file.display(),
                    f.line,
                    f.column,
                    f.code,
                    f.message,
                    f.fix.as_ref().map_or("", |fix| fix.replacement.as_str())
                );
            }
            let errors = report.findings.iter().filter(|f| f.is_error()).count();
            // The summary is not an error: not said with --quiet.
            if !quiet {
                say!(
                    "check: {}, {}{}",
                    count(errors, "error"),
                    count(report.findings.len() - errors, "warning"),
                    if fix {
                        format!(", {} fixed", report.fixed.len())
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    if report.has_errors() {
        Err(Failure(Diagnostics::new()))
    } else {
        Ok(report.findings.len())
    }
}

/// Prints each word with its break points, space-separated on one line.
fn hyphenate(args: HyphenateArgs) -> Result<Diagnostics, Failure> {
    let (left, right) = (usize::from(args.left_min), usize::from(args.right_min));
    let marked = pdf::hyphenate::hyphenate_word_list(&args.lang, &args.words, left, right)
        .map_err(|Failure(diags)| {
            // The engine names book.toml's `language`; here the value came from --lang.
            let mut out = Diagnostics::new();
            for mut d in diags.items().iter().cloned() {
                d.file = "--lang".into();
                out.push(d);
            }
            Failure(out)
        })?;
    say!("{}", marked.join(" "));
    Ok(Diagnostics::new())
}
