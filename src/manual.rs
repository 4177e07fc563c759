//! The manual page: bookpack(1) as one roff page, every command in it.
//!
//! One page, not one per command: `bookpack man > bookpack.1` is the whole
//! manual, so it may not name pages (`bookpack-build(1)`) that nothing
//! installs. Each command's synopsis and options come from the command
//! line's own definition (clap_mangen renders them), so they never drift;
//! the sections clap knows nothing of (exit status, environment, files,
//! examples) are written here.

use std::io::{self, Write};

/// What the process's exit code means (the README's contract).
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success; warnings, if any, were printed on stderr.
.TP
\fB1\fR
The input has an error (each printed as \fIfile\fR:\fIline\fR:\fIcolumn\fR with a hint), a check found an error, \fB\-\-deny\-warnings\fR met a warning, or a file could not be written. No edition is left half written: the previous good file stays in place.
.TP
\fB2\fR
Usage error: an unknown command or option, or an option's value that is not allowed.
"#;

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBSOURCE_DATE_EPOCH\fR
Seconds since 1970: the editions' modification date (the EPUB's \fBdcterms:modified\fR, the PDF's dates). Without it the date comes from book.toml's \fBdate\fR, never from the clock, so a build is reproducible byte for byte.
.TP
\fBBOOKPACK_DICTIONARY_PATH\fR
Folders (separated by colons) searched first for Hunspell dictionaries (\fIlang\fR.dic beside \fIlang\fR.aff) by \fBbookpack check\fR.
.TP
\fBBOOKPACK_PROGRESS_DELAY_MS\fR
How long a build runs, in milliseconds, before its progress bar shows on a terminal (default 800).
.TP
\fBHOME\fR
\fI~/.local/share/fonts\fR and \fI~/.fonts\fR are searched for fallback fonts named by family.
"#;

const FILES: &str = r#".SH FILES
.TP
\fIbook.toml\fR
The book's settings: title, authors, language, the chapter files in reading order, and the [labels], [notes], [epub], [pdf], [links] and [check] tables. \fBbookpack new\fR writes one that explains every key.
.TP
\fIwords.txt\fR
Beside book.toml: the book's own words for the spelling check, one a line.
.TP
\fIout/\fR
The editions, \fItitle\fR.epub and \fItitle\fR.pdf, unless \fB\-o\fR names another folder.
.TP
\fI/usr/share/fonts\fR, \fI/usr/local/share/fonts\fR
Searched for the fallback fonts book.toml names by family.
"#;

const EXAMPLES: &str = r#".SH EXAMPLES
.TP
\fBbookpack new "my book" && cd "my book" && bookpack build\fR
Start a book and build both editions into \fIout/\fR.
.TP
\fBbookpack check \-\-fix\fR
Find faults in the source and fix the ones that cannot change its meaning.
.TP
\fBbookpack build \-\-check \-\-deny\-warnings \-o dist\fR
Build for CI: fail on any finding or warning.
.TP
\fBbookpack watch\fR
Rebuild whenever a chapter, book.toml, an image or a font changes.
.TP
\fBbookpack hyphenate \-\-lang de Donaudampfschiff\fR
Show where a word may break.
"#;

/// Writes the whole page to `out`.
pub fn write(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    // Gives each subcommand its full name (`bookpack build`) in synopses.
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
        writeln!(out, ".SS \"{}\"", escape(&name))?;
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            writeln!(out, "{}", escape(&about.to_string()))?;
        }
        let page = clap_mangen::Man::new(sub.clone());
        // The command's synopsis and options, their headings made
        // paragraphs of its subsection.
        let mut part = Vec::new();
        page.render_synopsis_section(&mut part)?;
        page.render_options_section(&mut part)?;
        let part = String::from_utf8_lossy(&part)
            .replace(".SH SYNOPSIS\n", ".PP\n")
            .replace(".SH OPTIONS\n", ".PP\nOptions:\n");
        out.write_all(part.as_bytes())?;
    }
    for section in [EXIT_STATUS, ENVIRONMENT, FILES, EXAMPLES] {
        out.write_all(section.as_bytes())?;
    }
    man.render_version_section(out)
}

/// Text made safe for roff: a backslash printed as such, a line that
/// would start with a control character kept as text.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e");
    text.lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page states the delay the code has.
    #[test]
    fn the_progress_delay_is_the_one_in_force() {
        let said = format!("(default {})", crate::progress::DELAY.as_millis());
        assert!(ENVIRONMENT.contains(&said), "{ENVIRONMENT}");
    }

    #[test]
    fn escape_keeps_control_characters_as_text() {
        assert_eq!(escape(".hidden\n'quoted"), "\\&.hidden\n\\&'quoted");
        assert_eq!(escape("a\\b"), "a\\eb");
        assert_eq!(escape("plain"), "plain");
    }
}
