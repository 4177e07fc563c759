use super::*;

/// The fixture book with marks, its index page and chapter files.
fn fixture() -> (Book, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/books/indexed");
    let (book, _) = crate::source::load_book(std::path::Path::new(dir)).unwrap();
    let files: Vec<String> = book
        .chapters
        .iter()
        .map(|c| format!("{}.xhtml", c.id))
        .collect();
    let index = crate::index::gather(&book).unwrap();
    let page = render(&book, &index, &files);
    (book, page)
}

/// The `<li>` of the entry whose term is `term`, up to its end of line.
fn entry_line<'a>(page: &'a str, term: &str) -> &'a str {
    let start = page
        .find(&format!("<span epub:type=\"index-term\">{term}</span>"))
        .unwrap_or_else(|| panic!("no entry {term}:\n{page}"));
    let from = page[..start].rfind("<li").unwrap();
    let end = page[start..].find('\n').map_or(page.len(), |e| start + e);
    &page[from..end]
}

#[test]
fn the_index_is_a_labelled_section_grouped_by_letter_symbols_first_unheaded() {
    let (_, page) = fixture();
    assert!(page.contains("<body epub:type=\"backmatter\">"), "{page}");
    assert!(page.contains(
        "<section id=\"index\" class=\"index\" epub:type=\"index\" role=\"doc-index\" aria-labelledby=\"index-title\">\n<h1 id=\"index-title\">Index</h1>\n<section epub:type=\"index-group\">\n<ul epub:type=\"index-entry-list\">\n<li epub:type=\"index-entry\"><span epub:type=\"index-term\">1956 crisis</span>"
    ), "{page}");
    let letters: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .map(|s| &s[..s.find("</h2>").unwrap()])
        .collect();
    assert_eq!(
        letters,
        ["B", "C", "D", "E", "G", "H", "K", "M", "P", "R", "S", "T", "W"]
    );
}

#[test]
fn one_locator_per_chapter_to_its_first_mention_named_by_number_or_label() {
    let (_, page) = fixture();
    // Marked twice in chapter 1 (text and table), once in chapter 2.
    assert_eq!(
        entry_line(&page, "Khrushchev, Nikita"),
        "<li epub:type=\"index-entry\"><span epub:type=\"index-term\">Khrushchev, Nikita</span>, <a epub:type=\"index-locator\" href=\"chapter-1.xhtml#ix-chapter-1-3\">1</a>"
    );
    // In chapter 1 and the appendix, which is named by its label.
    assert_eq!(
        entry_line(&page, "secret speech"),
        "<li epub:type=\"index-entry\"><span epub:type=\"index-term\">secret speech</span>, <a epub:type=\"index-locator\" href=\"chapter-1.xhtml#ix-chapter-1-8\">1</a>, <a epub:type=\"index-locator\" href=\"appendix-a.xhtml#ix-appendix-a-1\">Appendix A</a></li>"
    );
    // A mark in a note links into the notes file.
    assert!(entry_line(&page, "Mossad")
        .contains("<a epub:type=\"index-locator\" href=\"notes.xhtml#ix-chapter-1-13\">1</a>"));
}

#[test]
fn sub_entries_nest_in_their_entry() {
    let (_, page) = fixture();
    let khrushchev = page.find(">Khrushchev, Nikita<").unwrap();
    let rest = &page[khrushchev..];
    let nested = rest
        .find("\n<ul epub:type=\"index-entry-list\">\n")
        .unwrap();
    let closed = rest.find("</li>").unwrap();
    assert!(nested < closed, "{rest}");
    let subs: Vec<&str> = rest[nested..rest.find("</ul>").unwrap()]
        .split("<span epub:type=\"index-term\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert_eq!(subs, ["and Mao", "fall of", "secret speech"]);
}

#[test]
fn cross_references_read_as_chicago_prints_them_and_link_their_entry() {
    let (_, page) = fixture();
    // Ids go in the order the index names the entries: "Khrushchevism
    // … See also revisionism" (under K) first.
    assert_eq!(
        entry_line(&page, "revisionism"),
        "<li epub:type=\"index-entry\" id=\"index-entry-1\"><span epub:type=\"index-term\">revisionism</span>. <span epub:type=\"index-xref-preferred\"><i>See</i> <a epub:type=\"index-term\" href=\"#index-entry-2\">Khrushchevism</a></span></li>"
    );
    let khrushchevism = entry_line(&page, "Khrushchevism");
    assert!(
        khrushchevism.starts_with("<li epub:type=\"index-entry\" id=\"index-entry-2\">"),
        "{khrushchevism}"
    );
    assert!(khrushchevism.ends_with(". <span epub:type=\"index-xref-related\"><i>See also</i> <a epub:type=\"index-term\" href=\"#index-entry-1\">revisionism</a></span></li>"), "{khrushchevism}");
}

/// A lone entry with no locators under the headings `above`, sending
/// the reader to `see`, as the fixture book's page writes it (no entry
/// there is a target).
fn cross_referencing_entry(term: &str, above: &[&str], see: &str) -> String {
    let (book, _) = fixture();
    let entry = Entry {
        term: term.into(),
        locators: vec![],
        see: vec![see.into()],
        see_also: vec![],
        children: vec![],
    };
    let page = Page {
        book: &book,
        chapter_files: &[],
        targets: BTreeMap::new(),
    };
    let path: Vec<String> = above
        .iter()
        .map(|h| h.to_string())
        .chain([entry.term.clone()])
        .collect();
    let mut out = String::new();
    page.push_entry(&mut out, &entry, &path);
    out
}

#[test]
fn a_sub_entrys_cross_reference_is_in_parentheses_and_unknown_targets_unlinked() {
    let out = cross_referencing_entry(
        "secret speech",
        &["Khrushchev"],
        "Twentieth Congress!closed session",
    );
    assert!(
        out.contains("</span> (<span epub:type=\"index-xref-preferred\"><i>see</i> <span epub:type=\"index-term\">Twentieth Congress: closed session</span></span>)</li>"),
        "{out}"
    );
}

#[test]
fn terms_and_targets_are_escaped() {
    let out = cross_referencing_entry("<AT&T> \"Bell\"", &[], "R&D");
    assert!(out.contains(">&lt;AT&amp;T&gt; \"Bell\"</span>"), "{out}");
    assert!(out.contains(">R&amp;D</span>"), "{out}");
}

#[test]
fn labels_are_capitalised_for_a_sentence_of_their_own() {
    assert_eq!(capitalized("see also"), "See also");
    assert_eq!(capitalized("siehe"), "Siehe");
    assert_eq!(capitalized("参见"), "参见");
    assert_eq!(capitalized(""), "");
}
