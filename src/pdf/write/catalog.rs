//! The document-level objects written last: link annotations, the outline, page labels, the Info dictionary and the catalog.

use std::fmt::Write as _;

use super::syntax::{literal, num, r, text_string, Id, PdfFile};
use crate::pdf::page::{DocumentInfo, LabelStyle, Link, OutlineEntry, UriLink};

/// A link annotation jumping to a place in the document: `/A` holds a
/// GoTo action with an `/XYZ` destination (the page, the top, zoom kept).
pub(super) fn goto_annotation(link: &Link, height: f32, pages: &[Id]) -> String {
    format!(
        "<< /Type /Annot /Subtype /Link /Rect {} /Border [0 0 0] /A << /S /GoTo /D [{} /XYZ null {} null] >> >>",
        rect(link.area, height),
        r(pages[link.target.page]),
        num(height - link.target.y)
    )
}

/// A link annotation opening an address outside the document.
pub(super) fn uri_annotation(link: &UriLink, height: f32) -> String {
    format!(
        "<< /Type /Annot /Subtype /Link /Rect {} /Border [0 0 0] /A << /S /URI /URI {} >> >>",
        rect(link.area, height),
        literal(link.uri.as_bytes())
    )
}

/// A rectangle from the top-left origin of the layout to PDF's
/// bottom-left: `[x0 y0 x1 y1]`.
fn rect(a: crate::pdf::page::Rect, height: f32) -> String {
    let bottom = height - a.y - a.height;
    format!(
        "[{} {} {} {}]",
        num(a.x),
        num(bottom),
        num(a.x + a.width),
        num(bottom + a.height)
    )
}

/// Writes the outline tree; returns the `/Outlines` dictionary's number.
pub(super) fn outline(
    file: &mut PdfFile,
    entries: &[OutlineEntry],
    pages: &[Id],
    height: f32,
) -> Id {
    let root = file.reserve();
    let (first, last, count) = outline_level(file, entries, root, pages, height);
    file.object(
        root,
        &format!(
            "<< /Type /Outlines /First {} /Last {} /Count {count} >>",
            r(first),
            r(last)
        ),
    );
    root
}

/// Writes one level of siblings under `parent`; returns (first, last,
/// number of visible descendants). Every level is shown open.
fn outline_level(
    file: &mut PdfFile,
    entries: &[OutlineEntry],
    parent: Id,
    pages: &[Id],
    height: f32,
) -> (Id, Id, usize) {
    let ids: Vec<Id> = entries.iter().map(|_| file.reserve()).collect();
    let mut count = entries.len();
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = format!(
            "<< /Title {} /Parent {} /Dest [{} /XYZ null {} null]",
            text_string(&entry.title),
            r(parent),
            r(pages[entry.target.page]),
            num(height - entry.target.y)
        );
        if i > 0 {
            let _ = write!(dict, " /Prev {}", r(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            let _ = write!(dict, " /Next {}", r(ids[i + 1]));
        }
        if !entry.children.is_empty() {
            let (first, last, n) = outline_level(file, &entry.children, ids[i], pages, height);
            let _ = write!(dict, " /First {} /Last {} /Count {n}", r(first), r(last));
            count += n;
        }
        dict.push_str(" >>");
        file.object(ids[i], &dict);
    }
    (ids[0], ids[ids.len() - 1], count)
}

/// The catalog's `/PageLabels` number tree (ISO 32000-1, 12.4.2), one flat
/// `/Nums` array: a book has a couple of ranges, not enough to need kids.
pub(super) fn page_labels(labels: &[(usize, LabelStyle, u32)]) -> Option<String> {
    if labels.is_empty() {
        return None;
    }
    let mut nums = String::new();
    for &(page, style, start) in labels {
        let style = match style {
            LabelStyle::Decimal => "D",
            LabelStyle::LowerRoman => "r",
        };
        // /St defaults to 1; written only when it says something.
        let st = if start != 1 {
            format!(" /St {start}")
        } else {
            String::new()
        };
        let _ = write!(
            nums,
            "{}{page} << /S /{style}{st} >>",
            if nums.is_empty() { "" } else { " " }
        );
    }
    Some(format!("<< /Nums [{nums}] >>"))
}

/// The catalog: the page tree, the outline shown when there is one,
/// spreads with odd pages on the right (like the printed copy; right to
/// left for a book in a right-to-left language), `/Lang`,
/// page labels, and the title shown in the viewer's title bar.
pub(super) fn catalog(
    pages: Id,
    outline: Option<Id>,
    info: &DocumentInfo,
    labels: Option<String>,
) -> String {
    let mut dict = format!("<< /Type /Catalog /Pages {}", r(pages));
    match outline {
        Some(o) => {
            let _ = write!(dict, " /Outlines {} /PageMode /UseOutlines", r(o));
        }
        None => dict.push_str(" /PageMode /UseNone"),
    }
    dict.push_str(" /PageLayout /TwoPageRight");
    if !info.language.is_empty() {
        let _ = write!(dict, " /Lang {}", text_string(&info.language));
    }
    if let Some(labels) = labels {
        let _ = write!(dict, " /PageLabels {labels}");
    }
    if crate::language::right_to_left(&info.language) {
        // Bound on the right: a viewer shows its spreads right to left
        // (page 2 right of page 3, as the printed copy opens).
        dict.push_str(" /ViewerPreferences << /DisplayDocTitle true /Direction /R2L >> >>");
    } else {
        dict.push_str(" /ViewerPreferences << /DisplayDocTitle true >> >>");
    }
    dict
}

/// The Info dictionary, with the book's dates (never the clock's).
pub(super) fn info(info: &DocumentInfo) -> String {
    let mut dict = String::from("<<");
    for (key, value) in [
        ("Title", &info.title),
        ("Author", &info.author),
        ("Subject", &info.subject),
        ("Keywords", &info.keywords),
        ("Creator", &info.creator),
    ] {
        if !value.is_empty() {
            let _ = write!(dict, " /{key} {}", text_string(value));
        }
    }
    let date = literal(pdf_date(&info.date).as_bytes());
    let _ = write!(
        dict,
        " /Producer (bookpack) /CreationDate {date} /ModDate {date} /Trapped /False >>"
    );
    dict
}

/// `YYYY-MM-DDThh:mm:ssZ` (or a prefix of it) → `D:YYYYMMDDhhmmssZ`.
pub(super) fn pdf_date(date: &str) -> String {
    let digits: String = date
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    let mut d = digits;
    // Complete a partial date with January 1st, midnight.
    let filler = "00000101000000";
    if d.len() < 14 {
        d.push_str(&filler[d.len()..]);
    }
    if d.len() != 14 || d.starts_with("0000") {
        d = "19700101000000".to_string();
    }
    format!("D:{d}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_complete_partial_dates() {
        assert_eq!(pdf_date("1980"), "D:19800101000000Z");
        assert_eq!(pdf_date("1980-06"), "D:19800601000000Z");
        assert_eq!(pdf_date("2024-02-03T04:05:06Z"), "D:20240203040506Z");
        assert_eq!(pdf_date(""), "D:19700101000000Z");
    }

    #[test]
    fn page_labels_write_a_start_only_when_it_is_not_one() {
        assert_eq!(
            page_labels(&[(0, LabelStyle::LowerRoman, 1), (4, LabelStyle::Decimal, 3)]).unwrap(),
            "<< /Nums [0 << /S /r >> 4 << /S /D /St 3 >>] >>"
        );
        assert_eq!(page_labels(&[]), None);
    }
}
