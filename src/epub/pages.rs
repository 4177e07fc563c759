//! The EPUB's pages: cover, title page, the card page listing the
//! author's other books, imprint, and one page per chapter
//! file with the semantics of its kind (`epub:type`, ARIA role, front,
//! body or back matter). Every word bookpack adds comes from the book's
//! labels, in its language.

use crate::imprint::Run;
use crate::labels;
use crate::model::{Block, Book, Chapter, ChapterKind};

use super::nav::semantics;
use super::xhtml::{self, Links, Sources};

/// Authors' names joined for display: "A", "A and B", "A, B and C".
fn authors_display(book: &Book) -> String {
    let names: Vec<&str> = book
        .metadata
        .authors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    book.labels.join_names(&names)
}

/// The cover's page. With the image's `size` in pixels known, the image
/// stands in an SVG box the size of the page, `preserveAspectRatio="xMidYMid
/// meet"`, as pandoc and Standard Ebooks set a cover: it fits the page
/// whole whatever the screen's shape (an `<img>` at `max-height: 100vh`
/// overflowed a landscape page by the reader's margins, splitting the
/// cover over two). The package then declares the page's `svg` property.
/// Without a size (bytes whose header cannot be read), an `<img>`.
/// The `<img>` is `role="doc-cover"` (DPUB-ARIA's image role for a
/// cover), as Standard Ebooks marks its cover image; the `<svg>` stays
/// `role="img"`, as ARIA in HTML allows `doc-cover` on `<img>` only (Ace
/// fails `aria-allowed-role` on an `<svg role="doc-cover">`).
pub(crate) fn cover_page(book: &Book, image: &str, size: Option<(u32, u32)>) -> String {
    let m = &book.metadata;
    let alt = labels::fill(
        &book.labels.cover_alt,
        &[("title", &m.title), ("authors", &authors_display(book))],
    );
    let (image, alt) = (xhtml::attr(image), xhtml::attr(&alt));
    let body = match size {
        Some((w, h)) => format!(
            "<section class=\"cover\" epub:type=\"cover\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100%\" height=\"100%\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{alt}\">\n<title>{alt}</title>\n<image width=\"{w}\" height=\"{h}\" xlink:href=\"{image}\"/>\n</svg>\n</section>\n"
        ),
        None => format!(
            "<section class=\"cover\" epub:type=\"cover\">\n<img src=\"{image}\" alt=\"{alt}\" role=\"doc-cover\"/>\n</section>\n"
        ),
    };
    let page = xhtml::page(&book.labels.cover, &m.language, Some("frontmatter"), &body);
    xhtml::with_root_class(page, "cover-page")
}

pub(crate) fn title_page(book: &Book) -> String {
    let m = &book.metadata;
    // Marked as Standard Ebooks marks a title page: the title, the
    // subtitle, each author's name (a voice or a tool tells the names
    // from the "and" between them).
    let mut b = String::from(
        "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 epub:type=\"title\">",
    );
    xhtml::push_text(&mut b, &m.title);
    b.push_str("</h1>\n");
    // The subtitle's `epub:type` with its DPUB-ARIA role, as Ace asks of
    // a type that has one (`title` has none).
    if let Some(sub) = &m.subtitle {
        b.push_str(&format!(
            "<p class=\"subtitle\" epub:type=\"subtitle\" role=\"doc-subtitle\">{}</p>\n",
            xhtml::text(sub)
        ));
    }
    let authors = authors_display(book);
    if !authors.is_empty() {
        b.push_str("<p class=\"author\">");
        push_names(
            &mut b,
            &authors,
            book.metadata.authors.iter().map(|a| a.name.as_str()),
        );
        b.push_str("</p>\n");
    }
    for credit in book.labels.credits(&m.contributors) {
        b.push_str(&format!(
            "<p class=\"contributor\">{}</p>\n",
            xhtml::text(&credit)
        ));
    }
    if let Some(series) = &m.series {
        b.push_str(&format!(
            "<p class=\"series\">{}</p>\n",
            xhtml::text(&book.labels.series(series))
        ));
    }
    if let Some(publisher) = &m.publisher {
        b.push_str(&format!(
            "<p class=\"publisher\">{}</p>\n",
            xhtml::text(publisher)
        ));
    }
    b.push_str("</section>\n");
    xhtml::page(&m.title, &m.language, Some("frontmatter"), &b)
}

/// `joined` (names joined by [`crate::labels::Labels::join_names`]) with
/// each of `names`, in order, marked `z3998:author`; the words between
/// them (", ", " and ") are left as they are.
fn push_names<'a>(out: &mut String, joined: &str, names: impl Iterator<Item = &'a str>) {
    let mut rest = joined;
    for name in names.filter(|n| !n.is_empty()) {
        let Some(at) = rest.find(name) else { continue };
        xhtml::push_text(out, &rest[..at]);
        out.push_str("<span epub:type=\"z3998:author\">");
        xhtml::push_text(out, name);
        out.push_str("</span>");
        rest = &rest[at + name.len()..];
    }
    xhtml::push_text(out, rest);
}

/// The card page listing the author's other books (`also-by`), after
/// the title page. Neither the EPUB 3 Structural Semantics Vocabulary 1.1
/// (whose front-matter terms — `titlepage`, `halftitlepage`, `imprint`,
/// `contributors`, `other-credits`… — name other pages) nor DPUB-ARIA
/// has a term for a list of an author's other works, so the page is
/// marked front matter only: a section named by its heading, the titles
/// a list of `<cite>`s (the element for a work's title).
pub(crate) fn also_by_page(book: &Book) -> String {
    let m = &book.metadata;
    let heading = book.labels.also_by_heading(&m.authors);
    let mut b = String::from(
        "<section class=\"also-by\" aria-labelledby=\"also-by-title\">\n<h1 id=\"also-by-title\">",
    );
    xhtml::push_text(&mut b, &heading);
    b.push_str("</h1>\n<ul>\n");
    for title in &m.also_by {
        b.push_str("<li><cite>");
        xhtml::push_text(&mut b, title);
        b.push_str("</cite></li>\n");
    }
    b.push_str("</ul>\n</section>\n");
    xhtml::page(&heading, &m.language, Some("frontmatter"), &b)
}

pub(crate) fn imprint_page(book: &Book) -> String {
    let m = &book.metadata;
    let l = &book.labels;
    let mut b = String::from(
        "<section class=\"imprint\" epub:type=\"imprint\" aria-labelledby=\"imprint-title\">\n<h1 id=\"imprint-title\">",
    );
    xhtml::push_text(&mut b, &l.imprint);
    b.push_str("</h1>\n");
    for sentence in crate::imprint::sentences(book) {
        b.push_str("<p>");
        for run in &sentence.runs {
            match run {
                Run::Text(t) => xhtml::push_text(&mut b, t),
                Run::Italic(t) => {
                    b.push_str("<i>");
                    xhtml::push_text(&mut b, t);
                    b.push_str("</i>");
                }
                // A web address becomes a link when it is one we may
                // write; otherwise the source is a bibliographic note.
                Run::Source(source) => match crate::links::web_address(source) {
                    Some(href) => b.push_str(&format!(
                        "<a href=\"{}\">{}</a>",
                        xhtml::attr(&href),
                        xhtml::text(source)
                    )),
                    None => xhtml::push_text(&mut b, source),
                },
            }
        }
        // A sentence ending in a web address ends with its stop here, as
        // every other does: outside the link, which it cannot join (the
        // print edition, where the address is bare text, leaves it out).
        if let Some(Run::Source(source)) = sentence.runs.last() {
            if crate::links::web_address(source).is_some() {
                b.push_str(l.full_stop(source));
            }
        }
        b.push_str("</p>\n");
    }
    if !book.errata.is_empty() {
        let n = book.errata.len();
        let intro = if n == 1 {
            &l.corrections_intro_one
        } else {
            &l.corrections_intro_other
        };
        b.push_str(&format!(
            "<h2>{}</h2>\n<p>{}</p>\n<ul class=\"errata\">\n",
            xhtml::text(&l.corrections),
            xhtml::text(&labels::fill(intro, &[("n", &l.numerals.number(n))]))
        ));
        // The arrow points from the original to the correction, which a
        // right-to-left page (the imprint of a Hebrew or Arabic book)
        // sets on its left.
        let arrow = if crate::language::right_to_left(&m.language) {
            '←'
        } else {
            '→'
        };
        for e in &book.errata {
            b.push_str(&format!(
                "<li><span class=\"original\">{}</span> {arrow} <span class=\"corrected\">{}</span></li>\n",
                xhtml::text(&e.original),
                xhtml::text(&e.corrected)
            ));
        }
        b.push_str("</ul>\n");
    }
    for line in crate::imprint::numbers(book, crate::imprint::Edition::Ebook) {
        b.push_str(&format!("<p>{}</p>\n", xhtml::text(&line)));
    }
    b.push_str("</section>\n");
    xhtml::page(&l.imprint, &m.language, Some("frontmatter"), &b)
}

/// A chapter's epigraph (see [`Chapter::opening_epigraph`]), marked as
/// Standard Ebooks marks one (`<blockquote epub:type="epigraph">`).
pub(crate) fn opening_epigraph(chapter: &Chapter) -> Option<&Block> {
    chapter.opening_epigraph()
}

/// Whether an epigraph of `chapter` holds verse (see
/// [`xhtml::is_epigraph_verse`]): in an epigraph's text, in the block
/// quotes of a part's or a dedication's page, in a chapter's opening quote.
pub(crate) fn has_epigraph_verse(chapter: &Chapter) -> bool {
    let epigraphs: &[Block] = match chapter.kind {
        ChapterKind::Epigraph => &chapter.blocks,
        ChapterKind::Part | ChapterKind::Dedication => &chapter.blocks,
        _ => opening_epigraph(chapter).map_or(&[], std::slice::from_ref),
    };
    let mut verse = false;
    for block in epigraphs {
        if chapter.kind == ChapterKind::Epigraph || matches!(block, Block::BlockQuote { .. }) {
            block.walk(&mut |b| verse |= xhtml::is_epigraph_verse(b));
        }
    }
    verse
}

/// The opening tag of a chapter's label on a page in `page_lang`: in the
/// book's language `book_lang` when the page's differs (with its
/// direction when that differs too).
fn label_span(book_lang: &str, page_lang: &str) -> String {
    if book_lang.eq_ignore_ascii_case(page_lang) {
        return "<span class=\"chapter-number\">".to_string();
    }
    let lang = xhtml::attr(book_lang);
    let rtl = crate::language::right_to_left(book_lang);
    let dir = if rtl == crate::language::right_to_left(page_lang) {
        ""
    } else if rtl {
        " dir=\"rtl\""
    } else {
        " dir=\"ltr\""
    };
    format!("<span class=\"chapter-number\" lang=\"{lang}\" xml:lang=\"{lang}\"{dir}>")
}

/// One chapter file's page: a section with its kind's `epub:type` and
/// role, labelled by its heading (or, untitled, by its kind's name), in
/// its own language, marked as front, body or back matter.
pub(crate) fn chapter_page(book: &Book, chapter: &Chapter, links: &Links) -> String {
    let id = xhtml::attr(&chapter.id);
    let (epub_type, role) = semantics(chapter.kind);
    let lang = chapter
        .language
        .as_deref()
        .unwrap_or(&book.metadata.language);
    let links = &Links {
        rtl: crate::language::right_to_left(lang),
        sources: match chapter.kind {
            ChapterKind::Epigraph => Sources::Anywhere,
            ChapterKind::Part | ChapterKind::Dedication => Sources::InQuotes,
            _ => Sources::Nowhere,
        },
        glossary: chapter.kind == ChapterKind::Glossary,
        ..*links
    };
    let class = match chapter.kind {
        ChapterKind::Chapter => String::new(),
        kind => format!(" class=\"{}\"", kind.name()),
    };
    let mut b = format!("<section id=\"{id}\"{class} epub:type=\"{epub_type}\" role=\"{role}\"");
    // A numbered file without a title is headed by its label alone.
    let label_only = chapter
        .title
        .is_empty()
        .then(|| chapter.label(&book.labels))
        .flatten();
    // The label is the book's words ("Chapter 3" in a French chapter of
    // an English book, "פרק 2" in an English chapter of a Hebrew one):
    // marked in the book's language, so a voice reads it so (WCAG 3.1.2).
    let label_open = label_span(&book.metadata.language, lang);
    if let Some(label) = &label_only {
        b.push_str(&format!(
            " aria-labelledby=\"{id}-title\">\n<h1 id=\"{id}-title\">{label_open}"
        ));
        xhtml::push_text(&mut b, label);
        b.push_str("</span></h1>\n");
    } else if chapter.title.is_empty() {
        b.push_str(" aria-label=\"");
        xhtml::push_attr(&mut b, book.labels.kind(chapter.kind));
        b.push_str("\">\n");
    } else {
        b.push_str(&format!(
            " aria-labelledby=\"{id}-title\">\n<h1 id=\"{id}-title\">"
        ));
        // The label the print edition sets over the title: "Chapter 12",
        // "Part II", "Глава 1", "第1章" (a chapter showed its bare number,
        // where its part and the print book named it).
        if let Some(label) = chapter.label(&book.labels) {
            b.push_str(&label_open);
            xhtml::push_text(&mut b, &label);
            b.push_str("</span> ");
        }
        b.push_str("<span class=\"chapter-title\">");
        xhtml::push_inlines(&mut b, &chapter.title, links);
        b.push_str("</span></h1>\n");
    }
    if !chapter.synopsis.is_empty() {
        b.push_str("<div class=\"synopsis\">\n");
        xhtml::push_blocks(&mut b, &chapter.synopsis, links);
        b.push_str("</div>\n");
    }
    // The chapter's epigraph marked as one, as a part's is (see
    // `xhtml::Sources::InQuotes`).
    let rest = match opening_epigraph(chapter).filter(|_| links.sources == Sources::Nowhere) {
        Some(quote) => {
            let epigraph = Links {
                sources: Sources::InQuotes,
                ..*links
            };
            xhtml::push_blocks(&mut b, std::slice::from_ref(quote), &epigraph);
            &chapter.blocks[1..]
        }
        None => &chapter.blocks[..],
    };
    if chapter.kind == ChapterKind::Bibliography {
        xhtml::push_entries(&mut b, rest, links);
    } else {
        xhtml::push_blocks(&mut b, rest, links);
    }
    b.push_str("</section>\n");
    xhtml::page_in(
        &chapter.nav_title(&book.labels),
        lang,
        &book.metadata.language,
        Some(chapter.matter.epub_type()),
        &b,
    )
}
