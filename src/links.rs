//! Links: every destination checked once, for the whole book, before either edition sees it.
//!
//! The parser keeps each link's destination as written (in
//! `LinkTarget::External { url }`, the way a note reference keeps its label
//! until `notes.rs` numbers it) and lists it with its position.
//! [`resolve_book`] then decides, per destination:
//!
//! - a web or mail address (`http`, `https`, `mailto`, plus the schemes a
//!   book allows in `[links] allow-schemes`) that a URL parser (the `url`
//!   crate, WHATWG rules) accepts and whose host is a real host name becomes
//!   `External` with the address normalised and percent-encoded to RFC 3986,
//!   as EPUB requires;
//! - a relative path to another chapter's `.md` file (or `#id` alone, for
//!   the same chapter) becomes `Internal { chapter: <its id>, anchor }`,
//!   the `#id` compared in NFC and also taken as pandoc would name the
//!   heading, or as bookpack named it before ids kept every script (a
//!   warning); the anchor written is always the element's own id;
//! - anything else is set as its text, with a warning at its position.
//!
//! The backends write only what this module let through, and call
//! [`checked_external`] again as a last defence (the model may come from
//! another program).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod anchors;

pub use anchors::anchors_of;
use anchors::{former_id_warning, note_anchor, place_of, Place};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::FoundLink;
use crate::model::{Block, Chapter, Inline, LinkTarget};

/// Schemes every book may link to.
pub const DEFAULT_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Schemes no book may link to, whatever `book.toml` says: they run code,
/// embed content or reach outside what a reader can follow.
pub const FORBIDDEN_SCHEMES: [&str; 6] =
    ["javascript", "vbscript", "data", "file", "blob", "about"];

/// Which external links a book accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPolicy {
    /// Lower-case scheme names, without the colon.
    pub schemes: BTreeSet<String>,
}

impl Default for LinkPolicy {
    fn default() -> Self {
        LinkPolicy {
            schemes: DEFAULT_SCHEMES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl LinkPolicy {
    /// The default schemes plus `extra` (already checked by `config.rs`).
    pub fn with_extra(extra: impl IntoIterator<Item = String>) -> Self {
        let mut policy = LinkPolicy::default();
        policy
            .schemes
            .extend(extra.into_iter().map(|s| s.to_ascii_lowercase()));
        policy
    }
}

/// Why a scheme name from `book.toml` cannot be allowed, if it cannot.
pub fn unallowable_scheme(scheme: &str) -> Option<&'static str> {
    let mut chars = scheme.chars();
    let well_formed = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !well_formed {
        return Some(
            "is not a scheme name (a letter, then letters, digits, `+`, `-` or `.`; no colon)",
        );
    }
    if FORBIDDEN_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        return Some("can run code or embed content, so no book may link with it");
    }
    None
}

/// What a destination, as written, turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A checked, normalised, percent-encoded address.
    External(String),
    /// A path relative to the linking chapter's file (percent-decoded;
    /// empty for `#id` alone) and an optional fragment.
    Chapter {
        path: String,
        anchor: Option<String>,
    },
}

/// Classifies one destination, as written in the Markdown; `Err` says why
/// it cannot be a link.
pub fn classify(dest: &str, policy: &LinkPolicy) -> Result<Destination, String> {
    let dest = dest.trim();
    if dest.is_empty() {
        return Err("has no destination".into());
    }
    if let Some(scheme) = scheme_of(dest) {
        let lower = scheme.to_ascii_lowercase();
        if FORBIDDEN_SCHEMES.contains(&lower.as_str()) {
            return Err(format!(
                "uses the scheme `{lower}:`, which can run code or embed content"
            ));
        }
        if !policy.schemes.contains(&lower) {
            return Err(format!(
                "uses the scheme `{lower}:`, which this book does not allow"
            ));
        }
        return normalise(dest).map(Destination::External);
    }
    if dest.starts_with("//") {
        return Err("is a network path without a scheme; write `https://`".into());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.contains('?') {
        return Err("points to a file that is not a chapter of this book".into());
    }
    let path = percent_decode(path).ok_or("is not valid percent-encoded UTF-8")?;
    let anchor = match fragment {
        Some(f) if !f.is_empty() => Some(
            percent_decode(f).ok_or("has a fragment that is not valid percent-encoded UTF-8")?,
        ),
        _ => None,
    };
    if !path.is_empty() && !path.to_ascii_lowercase().ends_with(".md") {
        return Err("points to a file that is not a chapter of this book".into());
    }
    if path.is_empty() && anchor.is_none() {
        return Err("has no destination".into());
    }
    Ok(Destination::Chapter { path, anchor })
}

/// Whether `dest` names a place in the book (a chapter's `.md` file, an
/// `#id`) rather than an address outside it; whether it does so rightly is
/// [`classify`]'s to say.
pub fn within_book(dest: &str) -> bool {
    let dest = dest.trim();
    !dest.is_empty() && scheme_of(dest).is_none() && !dest.starts_with("//")
}

/// The scheme of an absolute URL (RFC 3986: a letter, then letters, digits,
/// `+`, `-`, `.`, then `:`), if `dest` starts with one.
fn scheme_of(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let mut chars = scheme.chars();
    let ok = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(scheme)
}

/// Parses `dest` with the `url` crate and writes it back in the form EPUB
/// reading systems and EPUBCheck accept: RFC 3986 characters only, every
/// other byte percent-encoded, a host that is a real host name.
fn normalise(dest: &str) -> Result<String, String> {
    let url = url::Url::parse(dest).map_err(|e| format!("is not a valid URL ({e})"))?;
    match url.host() {
        Some(url::Host::Domain(domain)) => check_domain(domain)?,
        Some(_) => {}
        None if url.scheme() == "http" || url.scheme() == "https" => {
            return Err("is not a valid URL (no host)".into())
        }
        None => {}
    }
    if url.cannot_be_a_base() {
        // mailto:, tel:…: the address is the path.
        let address = url.path();
        if address.is_empty() {
            return Err("has no address after the scheme".into());
        }
        if url.scheme() == "mailto" && !address.contains('@') {
            return Err("is not a mail address (no `@`)".into());
        }
    }
    Ok(rfc3986(url.as_str()))
}

/// Whether a domain is a host name a reader could reach: dot-separated
/// labels of letters, digits, `-` and `_` (IDNA has already turned other
/// letters into `xn--` labels), none empty or edged with `-`; one trailing
/// dot allowed.
fn check_domain(domain: &str) -> Result<(), String> {
    let trimmed = domain.strip_suffix('.').unwrap_or(domain);
    let bad = || {
        Err(format!(
            "is not a valid URL (`{domain}` is not a host name)"
        ))
    };
    if trimmed.is_empty() || trimmed.len() > 253 {
        return bad();
    }
    for label in trimmed.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return bad();
        }
    }
    Ok(())
}

/// Percent-encodes what the WHATWG serialisation leaves raw but RFC 3986
/// forbids (`[`, `]` outside an IPv6 host, `|`, `^`, `\`, a second `#`, a
/// `%` not starting an escape, …). Idempotent: an encoded URL comes back
/// unchanged.
fn rfc3986(url: &str) -> String {
    // Everything up to the end of the authority is already strict: the
    // scheme is checked, hosts are IDNA/IP-serialised, userinfo is encoded.
    let start = match url.find("://") {
        Some(i) => {
            let after = i + 3;
            url[after..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |j| after + j)
        }
        None => url.find(':').map_or(0, |i| i + 1),
    };
    let (head, tail) = url.split_at(start);
    let mut out = String::with_capacity(url.len());
    out.push_str(head);
    let bytes = tail.as_bytes();
    let mut in_fragment = false;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b'#' if !in_fragment => {
                in_fragment = true;
                true
            }
            b'#' => false,
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => true,
            // unreserved, sub-delims, and the pchar/query/fragment extras.
            b'-' | b'.' | b'_' | b'~' => true,
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => true,
            b':' | b'@' | b'/' | b'?' => true,
            _ => false,
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The address to write for an external link, or `None` if it may not be
/// written: the backends' last check on what the model holds. Accepts any
/// scheme that is not forbidden (the book's policy was applied by
/// [`resolve_book`]); normalises like [`classify`], so a checked address
/// comes back unchanged.
pub fn checked_external(url: &str) -> Option<String> {
    let scheme = scheme_of(url.trim())?;
    if FORBIDDEN_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        return None;
    }
    normalise(url.trim()).ok()
}

/// `s` as an address to link to, if it is one under the default policy
/// (http, https, mailto): for metadata such as the book's `source`, which is
/// a URL or a bibliographic note.
pub fn web_address(s: &str) -> Option<String> {
    match classify(s, &LinkPolicy::default()) {
        Ok(Destination::External(url)) => Some(url),
        _ => None,
    }
}

/// `%XX` escapes decoded; `None` if the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `rel` (relative to the folder of `from`, a chapter file relative to the
/// book folder) as a book-relative path with `.` and `..` resolved; `None`
/// if it leaves the book folder or is absolute.
fn join_relative(from: &str, rel: &str) -> Option<String> {
    if rel.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the file name
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A chapter file as written in `book.toml`, normalised like a link path.
fn normalise_file(file: &str) -> String {
    join_relative("", file).unwrap_or_else(|| file.to_string())
}

/// Calls `f` on every run of inlines of a chapter: title, synopsis, body,
/// notes.
fn for_each_inline_list(chapter: &Chapter, f: &mut dyn FnMut(&[Inline])) {
    f(&chapter.title);
    for blocks in [&chapter.synopsis, &chapter.blocks] {
        blocks_inlines(blocks, f);
    }
    for note in &chapter.notes {
        blocks_inlines(&note.blocks, f);
    }
}

fn blocks_inlines(blocks: &[Block], f: &mut dyn FnMut(&[Inline])) {
    for block in blocks {
        block.for_each_inlines(&mut |inlines| f(inlines));
    }
}

fn blocks_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        block.for_each_inlines_mut(f);
    }
}

/// One chapter's links as the parser found them: each destination as
/// written, with its position, in reading order.
pub struct FoundLinks<'a> {
    /// The chapter file as shown in messages.
    pub display_path: &'a Path,
    pub links: &'a [FoundLink],
}

/// Resolves every link of the book: checks each destination (warning, with
/// its position, about those that cannot be links), turns chapter paths
/// into chapter ids, and sets the text of refused links without the link.
/// `found[i]` belongs to `chapters[i]`.
/// `former` holds, by chapter, the ids headings had before ids kept every
/// script ([`crate::structure::heading_ids`]'s).
/// Returns, by chapter, what each destination was resolved to (to give a
/// chapter parsed again the same links, with [`rewrite_chapter`]).
pub fn resolve_book(
    chapters: &mut [Chapter],
    found: &[FoundLinks],
    former: &crate::structure::FormerIds,
    policy: &LinkPolicy,
    diags: &mut Diagnostics,
) -> Vec<Resolved> {
    let mut resolved = Vec::with_capacity(chapters.len());
    let by_file: BTreeMap<String, usize> = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| (normalise_file(&c.file), i))
        .collect();
    let anchors: Vec<BTreeSet<String>> = chapters.iter().map(anchors_of).collect();
    for (index, found) in found.iter().enumerate().take(chapters.len()) {
        let mut targets = Resolved::default();
        for FoundLink { dest, span, empty } in found.links {
            let warn = |diags: &mut Diagnostics, message: String, hint: &str| {
                diags.push(
                    Diagnostic::warning(found.display_path, span.line, span.col, message)
                        .with_hint(hint.to_string()),
                );
            };
            let target = if let Some(id) = dest.strip_prefix('@') {
                cross_reference(
                    chapters,
                    &anchors,
                    id,
                    dest,
                    &mut targets,
                    &mut |message, hint| warn(diags, message, hint),
                )
            } else {
                match classify(dest, policy) {
                    Ok(Destination::External(url)) => Some(LinkTarget::External { url }),
                    Ok(Destination::Chapter { path, anchor }) => {
                        let target_index = if path.is_empty() {
                            Some(index)
                        } else {
                            join_relative(&chapters[index].file, &path)
                                .and_then(|p| by_file.get(&p).copied())
                        };
                        // A cross-reference that misses is an error, as a
                        // broken reference in print cannot be followed at all.
                        let fail = |diags: &mut Diagnostics, message: String, hint: String| {
                            diags.push(
                                Diagnostic::error(found.display_path, span.line, span.col, message)
                                    .with_hint(hint),
                            );
                        };
                        match target_index {
                            None => {
                                fail(
                                diags,
                                format!("link `{dest}` points to a file that is not a chapter of this book"),
                                format!(
                                    "chapter links name another chapter's .md file, relative to this one; the book's files are: {}",
                                    chapters.iter().map(|c| c.file.as_str()).collect::<Vec<_>>().join(", ")
                                ),
                            );
                                None
                            }
                            Some(t) => {
                                let target = &chapters[t];
                                let anchor = anchor.and_then(|a| {
                                    let at = (found.display_path, span);
                                    match place_of(target, &anchors[t], former.get(t), &a) {
                                        Place::Id(id) => {
                                            note_anchor(target, &anchors[t], id, dest, at, diags)
                                        }
                                        Place::Start => None,
                                        Place::Former { was, is } => {
                                            let title =
                                                target.title_anchor.as_deref().unwrap_or("");
                                            let now = is.as_deref().unwrap_or(title);
                                            former_id_warning(
                                                dest,
                                                (&was, now, is.is_none()),
                                                at,
                                                diags,
                                            );
                                            is
                                        }
                                    }
                                });
                                if *empty && !targets.words.contains_key(dest) {
                                    match lent_words(target, anchor.as_deref()) {
                                    Some(words) => {
                                        targets.words.insert(dest.clone(), words);
                                    }
                                    None => warn(
                                        diags,
                                        format!("link `{dest}` has no text, and its target has none to lend it; it is left out"),
                                        "write the words to click between the brackets, or link with `[]` to a heading, a chapter, or a figure or table the book numbers (`[figures] numbering`, `[tables] numbering` in book.toml)",
                                    ),
                                }
                                }
                                Some(LinkTarget::Internal {
                                    chapter: target.id.clone(),
                                    anchor,
                                    placed_as: None,
                                })
                            }
                        }
                    }
                    Err(why) => {
                        let hint = if why.contains("run code") {
                            "a book links only to addresses a reader can follow: http(s)://, mailto:, another chapter"
                        } else if why.contains("scheme") {
                            "link to http(s):// or mailto:, or allow the scheme with `[links] allow-schemes` in book.toml"
                        } else {
                            "fix the address (spaces as %20), or link to another chapter's .md file"
                        };
                        warn(
                            diags,
                            format!("link `{dest}` {why}; its text is set without the link"),
                            hint,
                        );
                        None
                    }
                }
            };
            if *empty && target.is_none() && !targets.words.contains_key(dest) {
                // Refused, and with nothing to print in its place.
                warn(
                    diags,
                    format!("link `{dest}` has no text; it is left out"),
                    "write the words to click between the brackets: [text](address)",
                );
            }
            targets.targets.insert(dest.clone(), target);
        }
        rewrite_chapter(&mut chapters[index], &targets);
        resolved.push(targets);
    }
    resolved
}

/// Resolves a cross reference `@id` (`dest`, Quarto's and Typst's way):
/// the figure, table or heading of the book with that id, wherever it is,
/// its words lent to the reference. One that names nothing, or a figure
/// or table the book does not number, is set as written, with a warning
/// (`warn` takes the message and its hint).
fn cross_reference(
    chapters: &[Chapter],
    anchors: &[BTreeSet<String>],
    id: &str,
    dest: &str,
    targets: &mut Resolved,
    warn: &mut dyn FnMut(String, &str),
) -> Option<LinkTarget> {
    let as_written = || {
        vec![Inline::Text {
            text: dest.to_string(),
        }]
    };
    let Some(t) = anchors.iter().position(|a| a.contains(id)) else {
        // The book's id of the same kind nearest the one written.
        let kind = id.split_once('-').map_or("", |(p, _)| p);
        let near = crate::diagnostics::nearest(
            id,
            anchors
                .iter()
                .flatten()
                .filter(|a| a.split_once('-').is_some_and(|(p, _)| p == kind))
                .map(String::as_str),
        );
        let hint = match near {
            Some(near) => format!("did you mean `@{near}`? or write `\\@` for an @ that is only text"),
            None => "give the figure (`![…](…){#fig-…}`), table (`Table: … {#tbl-…}`), listing (```` ```{.rust #lst-…} ````), theorem (`::: {#thm-…}`) or heading (`## … {#sec-…}`) that id, or write `\\@` for an @ that is only text".to_string(),
        };
        warn(
            format!("cross reference `{dest}` names no figure, table, listing, theorem or heading of the book; it is set as written"),
            &hint,
        );
        targets.words.insert(dest.to_string(), as_written());
        return None;
    };
    let words = lent_words(&chapters[t], Some(id)).unwrap_or_else(|| {
        warn(
            format!("cross reference `{dest}` names a figure or table the book does not number; it is set as written"),
            "number them in book.toml: `[figures] numbering = \"chapter\"` (or \"book\"), `[tables] numbering` and `[listings] numbering` likewise",
        );
        as_written()
    });
    targets.words.insert(dest.to_string(), words);
    Some(LinkTarget::Internal {
        chapter: chapters[t].id.clone(),
        anchor: Some(id.to_string()),
        placed_as: None,
    })
}

/// What a chapter's links were resolved to, by destination as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// Each destination's target, or none for a link set as plain text.
    pub targets: BTreeMap<String, Option<LinkTarget>>,
    /// The words an empty link (`[](#fig-map)`) to the destination prints:
    /// its target's (see [`lent_words`]).
    pub words: BTreeMap<String, Vec<Inline>>,
}

/// The words an empty link to `anchor` in `target` (its start when `None`)
/// prints: a numbered figure's or table's label ("Figure 3.2"), an
/// equation's number ("(3.2)"), a
/// heading's words, the chapter's title — as a contents entry repeats
/// them, without note references or links. `None` when the target has
/// none (an unnumbered figure, a note, a title-less file).
pub fn lent_words(target: &Chapter, anchor: Option<&str>) -> Option<Vec<Inline>> {
    let words = match anchor {
        None => Inline::title_copy(&target.title),
        Some(anchor) => {
            let mut found = None;
            for block in &target.blocks {
                block.walk(&mut |b| match b {
                    Block::Figure {
                        id: Some(id),
                        label,
                        ..
                    }
                    | Block::Table {
                        id: Some(id),
                        label,
                        ..
                    }
                    | Block::Equation {
                        id: Some(id),
                        label,
                        ..
                    }
                    | Block::CodeBlock {
                        id: Some(id),
                        label,
                        ..
                    }
                    | Block::Theorem {
                        id: Some(id),
                        label,
                        ..
                    } if id == anchor && found.is_none() => {
                        found = Some(
                            label
                                .iter()
                                .map(|text| Inline::Text { text: text.clone() })
                                .collect(),
                        );
                    }
                    Block::Heading { id, content, .. } if id == anchor && found.is_none() => {
                        found = Some(Inline::title_copy(content));
                    }
                    _ => {}
                });
            }
            // The title's own anchor names the chapter's start.
            match found {
                None if target.title_anchor.as_deref() == Some(anchor) => {
                    Inline::title_copy(&target.title)
                }
                found => found?,
            }
        }
    };
    (!Inline::plain_text(&words).trim().is_empty()).then_some(words)
}

/// Rewrites every link of `chapter` (title, synopsis, body, notes) to its
/// target in `targets` (see [`rewrite_links`]).
pub fn rewrite_chapter(chapter: &mut Chapter, targets: &Resolved) {
    let mut rewrite = |inlines: &mut Vec<Inline>| rewrite_links(inlines, targets);
    rewrite(&mut chapter.title);
    blocks_inlines_mut(&mut chapter.synopsis, &mut rewrite);
    blocks_inlines_mut(&mut chapter.blocks, &mut rewrite);
    for note in &mut chapter.notes {
        blocks_inlines_mut(&mut note.blocks, &mut rewrite);
    }
}

/// Replaces each parsed link (its destination as written in `External`)
/// with its resolved target, or with its content when it has none. A link
/// inside a link (`[<a@b.org>](https://…)`, which pulldown-cmark allows)
/// is set as its text: HTML has no nested links, and both editions must
/// agree on which one is clickable — the outer.
fn rewrite_links(inlines: &mut Vec<Inline>, targets: &Resolved) {
    rewrite_links_in(inlines, targets, false);
}

fn rewrite_links_in(inlines: &mut Vec<Inline>, targets: &Resolved, in_link: bool) {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in std::mem::take(inlines) {
        match inline {
            Inline::Link { mut content, .. } if in_link => {
                rewrite_links_in(&mut content, targets, true);
                content.into_iter().for_each(|i| push_merged(&mut out, i));
            }
            Inline::Link {
                target: LinkTarget::External { url },
                mut content,
            } => {
                if content.is_empty() {
                    match targets.words.get(url.as_str()) {
                        Some(words) => content = words.clone(),
                        // Nothing to click on, and the reason was given.
                        None => continue,
                    }
                }
                rewrite_links_in(&mut content, targets, true);
                match targets.targets.get(url.as_str()).cloned().flatten() {
                    Some(target) => out.push(Inline::Link { target, content }),
                    // The link's text joins its neighbours, as if never linked.
                    None => content.into_iter().for_each(|i| push_merged(&mut out, i)),
                }
            }
            Inline::Link {
                target,
                mut content,
            } => {
                rewrite_links_in(&mut content, targets, true);
                out.push(Inline::Link { target, content });
            }
            mut other => {
                if let Some(content) = other.children_mut() {
                    rewrite_links_in(content, targets, in_link);
                }
                push_merged(&mut out, other)
            }
        }
    }
    *inlines = out;
}

/// Pushes `inline`, joining it to a text just before it (as the parser's
/// typography pass leaves runs of text: one node, never two in a row).
fn push_merged(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
        (_, inline) => out.push(inline),
    }
}

#[cfg(test)]
#[path = "links/tests.rs"]
mod tests;
