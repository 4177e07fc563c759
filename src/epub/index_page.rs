//! The back-of-book index as the EPUB prints it: `index.xhtml`, marked up as EPUB Indexes 1.0 describes, each entry linked to the chapters that mention it.
//!
//! An e-book has no pages, so a locator is a chapter: one link per
//! chapter that holds mentions of the entry, to its first mention there,
//! named by the chapter's number (in the book's digits), or its label
//! ("Appendix A") or title when it has no number of its own. A mention
//! in a note links into the notes file. Cross-references follow Chicago
//! (16.15–16.19): after a main heading "*See* X" as a sentence of its
//! own, after a sub-entry "(*see* X)"; each target links to its entry
//! when the index has one.
//!
//! The page is `<section epub:type="index" role="doc-index">` in a
//! back-matter body, and the manifest does not flag it `properties="index"`:
//! EPUBCheck then checks the page with EPUB Indexes' own rules, which
//! require `epub:type="index"` on the `<body>` itself (a page holding only
//! an index), and a `<body>` may carry no `doc-index` role, which Ace asks
//! of every element typed `index`. The markup inside follows those rules
//! all the same (see the tests).

use std::collections::BTreeMap;

use crate::index::{capitalized, target_headings as headings, BookIndex, Entry};
use crate::model::{Book, ChapterKind, Inline};

use super::{nav, notes, xhtml};

/// File name of the index inside the package.
pub(crate) const FILE: &str = "index.xhtml";

/// How the index page refers to the rest of the package.
struct Page<'a> {
    book: &'a Book,
    chapter_files: &'a [String],
    /// Id of each entry a cross-reference names, by its headings.
    targets: BTreeMap<Vec<String>, String>,
}

/// The index page of `book`, whose chapter `i` is in `chapter_files[i]`.
pub(crate) fn render(book: &Book, index: &BookIndex, chapter_files: &[String]) -> String {
    let page = Page {
        book,
        chapter_files,
        targets: cross_reference_targets(index),
    };
    let labels = &book.labels;
    let mut body = String::from(
        "<section id=\"index\" class=\"index\" epub:type=\"index\" role=\"doc-index\" aria-labelledby=\"index-title\">\n<h1 id=\"index-title\">",
    );
    xhtml::push_text(&mut body, &labels.index);
    body.push_str("</h1>\n");
    for group in &index.groups {
        body.push_str("<section epub:type=\"index-group\">\n");
        // Symbols and numbers come first, under no heading (Chicago 16.61).
        if !group.letter.is_empty() {
            body.push_str("<h2>");
            xhtml::push_text(&mut body, &group.letter);
            body.push_str("</h2>\n");
        }
        page.push_entries(&mut body, &group.entries, &[]);
        body.push_str("</section>\n");
    }
    body.push_str("</section>\n");
    xhtml::page(
        &labels.index,
        &book.metadata.language,
        Some("backmatter"),
        &body,
    )
}

impl Page<'_> {
    /// `entries` as an entry list, under the headings `above`.
    fn push_entries(&self, out: &mut String, entries: &[Entry], above: &[String]) {
        out.push_str("<ul epub:type=\"index-entry-list\">\n");
        for entry in entries {
            let mut path = above.to_vec();
            path.push(entry.term.clone());
            self.push_entry(out, entry, &path);
        }
        out.push_str("</ul>\n");
    }

    /// One entry (`path` its headings, its own last): term, locators,
    /// cross-references, then its sub-entries.
    fn push_entry(&self, out: &mut String, entry: &Entry, path: &[String]) {
        out.push_str("<li epub:type=\"index-entry\"");
        if let Some(id) = self.targets.get(path) {
            out.push_str(" id=\"");
            xhtml::push_attr(out, id);
            out.push('"');
        }
        out.push_str("><span epub:type=\"index-term\">");
        xhtml::push_text(out, &entry.term);
        out.push_str("</span>");
        for (href, chapter) in self.locators(entry) {
            out.push_str(", <a epub:type=\"index-locator\" href=\"");
            xhtml::push_attr(out, &href);
            out.push_str("\">");
            xhtml::push_link_text(out, &self.locator_text(chapter));
            out.push_str("</a>");
        }
        let labels = &self.book.labels;
        let main = path.len() == 1;
        let crossings = [
            ("index-xref-preferred", &labels.index_see, &entry.see),
            (
                "index-xref-related",
                &labels.index_see_also,
                &entry.see_also,
            ),
        ];
        for (kind, label, targets) in crossings {
            if !targets.is_empty() {
                self.push_cross_reference(out, kind, label, targets, main);
            }
        }
        if !entry.children.is_empty() {
            out.push('\n');
            self.push_entries(out, &entry.children, path);
        }
        out.push_str("</li>\n");
    }

    /// The first mention of `entry` in each chapter that has one, in
    /// reading order: its `href` and the chapter's index.
    fn locators(&self, entry: &Entry) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for locator in &entry.locators {
            if out.iter().any(|(_, chapter)| *chapter == locator.chapter) {
                continue;
            }
            let file = if locator.in_note {
                notes::FILE
            } else {
                self.chapter_files[locator.chapter].as_str()
            };
            out.push((format!("{file}#{}", locator.mark), locator.chapter));
        }
        out
    }

    /// The words of a link to chapter `index`: a chapter's number, the
    /// label of another numbered file ("Appendix A": "A" alone reads as a
    /// word), or the title of an unnumbered one.
    fn locator_text(&self, index: usize) -> Vec<Inline> {
        let chapter = &self.book.chapters[index];
        let labels = &self.book.labels;
        let text = match (&chapter.number, chapter.kind) {
            (Some(n), ChapterKind::Chapter) => labels.numerals.digits(n),
            (Some(_), _) => chapter.label(labels).unwrap_or_default(),
            (None, _) => return nav::chapter_name(self.book, chapter),
        };
        vec![Inline::Text { text }]
    }

    /// "*See* X; Y" (after a main heading, as a sentence of its own) or
    /// " (*see* X)" (after a sub-entry), each target linked to its entry.
    fn push_cross_reference(
        &self,
        out: &mut String,
        kind: &str,
        label: &str,
        targets: &[String],
        main: bool,
    ) {
        let label = if main {
            capitalized(label)
        } else {
            label.to_string()
        };
        out.push_str(if main { ". " } else { " (" });
        out.push_str("<span epub:type=\"");
        out.push_str(kind);
        out.push_str("\"><i>");
        xhtml::push_text(out, &label);
        out.push_str("</i> ");
        for (n, target) in targets.iter().enumerate() {
            if n > 0 {
                out.push_str("; ");
            }
            let shown = headings(target).join(": ");
            match self.targets.get(&headings(target)) {
                Some(id) => {
                    out.push_str("<a epub:type=\"index-term\" href=\"#");
                    xhtml::push_attr(out, id);
                    out.push_str("\">");
                    xhtml::push_text(out, &shown);
                    out.push_str("</a>");
                }
                None => {
                    out.push_str("<span epub:type=\"index-term\">");
                    xhtml::push_text(out, &shown);
                    out.push_str("</span>");
                }
            }
        }
        out.push_str("</span>");
        if !main {
            out.push(')');
        }
    }
}

/// An id for each entry some cross-reference names (`index-entry-1`, …,
/// in the order the index first names them), by its headings; a target
/// with no entry gets none.
fn cross_reference_targets(index: &BookIndex) -> BTreeMap<Vec<String>, String> {
    let mut named: Vec<Vec<String>> = Vec::new();
    let mut gather = |entries: &[Entry]| {
        let mut stack: Vec<&Entry> = entries.iter().rev().collect();
        while let Some(entry) = stack.pop() {
            for target in entry.see.iter().chain(&entry.see_also) {
                let path = headings(target);
                if !named.contains(&path) {
                    named.push(path);
                }
            }
            stack.extend(entry.children.iter().rev());
        }
    };
    for group in &index.groups {
        gather(&group.entries);
    }
    let top: Vec<&Entry> = index.groups.iter().flat_map(|g| &g.entries).collect();
    let mut ids = BTreeMap::new();
    for path in named {
        if find(&top, &path) {
            let id = format!("index-entry-{}", ids.len() + 1);
            ids.insert(path, id);
        }
    }
    ids
}

/// Whether `entries` hold an entry with the headings `path`.
fn find(entries: &[&Entry], path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let Some(entry) = entries.iter().find(|e| &e.term == first) else {
        return false;
    };
    rest.is_empty() || find(&entry.children.iter().collect::<Vec<_>>(), rest)
}

#[cfg(test)]
mod tests;
