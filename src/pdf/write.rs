//! PDF writing: turns a `page::PageDocument` into PDF bytes (the only file using printpdf and lopdf).
//!
//! printpdf builds pages, fonts and link annotations; a lopdf post-pass then
//! adds what printpdf 0.12 cannot (see CRATES.md): a nested outline with
//! positions, `/Lang`, `/PageLabels`, `/PageMode` as a name, a correct version header, an
//! Info dictionary with the book's dates and no empty `GTS_PDFXVersion`, and a
//! trailer `/ID` derived from the content. Fonts are subset here with the
//! allsorts fork printpdf already links, because printpdf without its
//! `text_layout` feature embeds whole faces.
//!
//! Every name and number in the output derives from the input, never from
//! printpdf's process-wide id counter, so the same `PageDocument` gives the
//! same bytes in any process and as the n-th document of a process.

use std::collections::BTreeMap;
use std::fmt;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination as PpDestination, FontId as PpFontId,
    LinkAnnotation, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, Rect as PpRect, TextItem, TextMatrix,
};

use super::page::{Glyph, GlyphRun, LabelStyle, OutlineEntry, PageDocument};

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A font's bytes could not be read or subset.
    Font { name: String, reason: String },
    /// A run, link or outline entry refers to something that does not exist.
    Reference(String),
    /// lopdf failed to serialise the document.
    Serialize(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Font { name, reason } => write!(f, "font {name}: {reason}"),
            WriteError::Reference(what) => write!(f, "page description refers to {what}"),
            WriteError::Serialize(why) => write!(f, "cannot write the PDF: {why}"),
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `doc` as PDF bytes. Deterministic: equal inputs give equal bytes.
pub fn write(doc: &PageDocument) -> Result<Vec<u8>, WriteError> {
    check_references(doc)?;
    let fonts = subset_fonts(doc)?;

    let mut pdf = PdfDocument::new(&doc.info.title);
    for (index, font) in fonts.iter().enumerate() {
        if let Some(font) = font {
            pdf.resources
                .fonts
                .map
                .insert(resource_id(index), PdfFont::new(font.parsed.clone()));
        }
    }
    pdf.pages = doc
        .pages
        .iter()
        .map(|page| PdfPage {
            media_box: PpRect::from_wh(Pt(doc.width), Pt(doc.height)),
            trim_box: PpRect::from_wh(Pt(doc.width), Pt(doc.height)),
            crop_box: PpRect::from_wh(Pt(doc.width), Pt(doc.height)),
            ops: page_ops(page, doc.height, &fonts),
        })
        .collect();

    let opts = PdfSaveOptions {
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    post_pass(&mut lo, doc)?;
    add_images(&mut lo, doc)?;
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| WriteError::Serialize(e.to_string()))?;
    Ok(bytes)
}

/// Deflates every stream that has no filter yet, at level 5: on the real
/// book it is as small as level 6 and faster, while lopdf's own `compress`
/// uses level 9, several times slower for about one per cent. Streams are
/// independent, so two threads share them when the machine has two cores;
/// the bytes do not depend on it.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if !s.dict.has(b"Filter") && s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !parallel || streams.len() < 2 {
        streams.iter_mut().for_each(|s| deflate(s));
        return;
    }
    // Two halves of about equal size, each stream staying whole.
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    let mut acc = 0;
    let cut = streams
        .iter()
        .position(|s| {
            acc += s.content.len();
            acc * 2 >= total
        })
        .map_or(streams.len() / 2, |i| i + 1)
        .clamp(1, streams.len() - 1);
    let (left, right) = streams.split_at_mut(cut);
    std::thread::scope(|scope| {
        scope.spawn(|| left.iter_mut().for_each(|s| deflate(s)));
        right.iter_mut().for_each(|s| deflate(s));
    });
}

fn deflate(stream: &mut lopdf::Stream) {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(5));
    let packed = encoder
        .write_all(&stream.content)
        .and_then(|()| encoder.finish());
    if let Ok(packed) = packed {
        if packed.len() + 19 < stream.content.len() {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    }
}

/// Fails on runs naming a missing font and links or bookmarks to missing
/// pages, which printpdf would otherwise drop or point at nothing.
fn check_references(doc: &PageDocument) -> Result<(), WriteError> {
    for (p, page) in doc.pages.iter().enumerate() {
        for run in &page.runs {
            if run.font.0 >= doc.fonts.len() {
                return Err(WriteError::Reference(format!(
                    "font {} on page {} (only {} fonts)",
                    run.font.0,
                    p + 1,
                    doc.fonts.len()
                )));
            }
        }
        for placed in &page.images {
            if placed.image.0 >= doc.images.len() {
                return Err(WriteError::Reference(format!(
                    "image {} on page {} (only {} images)",
                    placed.image.0,
                    p + 1,
                    doc.images.len()
                )));
            }
        }
        for link in &page.links {
            if link.target.page >= doc.pages.len() {
                return Err(WriteError::Reference(format!(
                    "page {} from a link on page {}",
                    link.target.page + 1,
                    p + 1
                )));
            }
        }
    }
    fn walk(entries: &[OutlineEntry], pages: usize) -> Result<(), WriteError> {
        for e in entries {
            if e.target.page >= pages {
                return Err(WriteError::Reference(format!(
                    "page {} from bookmark {:?}",
                    e.target.page + 1,
                    e.title
                )));
            }
            walk(&e.children, pages)?;
        }
        Ok(())
    }
    walk(&doc.outline, doc.pages.len())?;
    // A number tree's keys ascend, and a label's start (/St) is at least 1.
    let mut previous: Option<usize> = None;
    for &(page, _, start) in &doc.page_labels {
        if page >= doc.pages.len() || previous.is_some_and(|p| p >= page) || start == 0 {
            return Err(WriteError::Reference(format!(
                "page label at page {} starting at {start} (pages: {}, labels must \
                 ascend and start from 1)",
                page + 1,
                doc.pages.len()
            )));
        }
        previous = Some(page);
    }
    Ok(())
}

/// The PDF resource name of font `index` (`/F0`, `/F1`, …).
fn resource_id(index: usize) -> PpFontId {
    PpFontId(format!("F{index}"))
}

/// One face after subsetting: what the content stream needs to address it.
struct SubsetFace {
    parsed: ParsedFont,
    /// Original glyph id → glyph id in the subset (0 when unused).
    remap: Vec<u16>,
    /// By subset glyph id: the text its ToUnicode entry gives.
    canonical: Vec<String>,
    /// By subset glyph id: the `/W` width in 1/1000 em, truncated as printpdf writes it.
    widths: Vec<i64>,
}

impl SubsetFace {
    fn subset_id(&self, original: u16) -> u16 {
        self.remap.get(original as usize).copied().unwrap_or(0)
    }
}

/// Subsets every font that some run uses; unused fonts stay `None` and are
/// not embedded.
fn subset_fonts(doc: &PageDocument) -> Result<Vec<Option<SubsetFace>>, WriteError> {
    // Texts seen per glyph, with counts, to pick one ToUnicode text per glyph.
    let mut usage: Vec<BTreeMap<u16, BTreeMap<&str, usize>>> =
        vec![BTreeMap::new(); doc.fonts.len()];
    for page in &doc.pages {
        for run in &page.runs {
            let per_font = &mut usage[run.font.0];
            for g in &run.glyphs {
                *per_font
                    .entry(g.id)
                    .or_default()
                    .entry(g.text.as_str())
                    .or_default() += 1;
            }
        }
    }
    doc.fonts
        .iter()
        .zip(usage)
        .map(|(face, used)| {
            if used.is_empty() {
                return Ok(None);
            }
            subset_face(&face.name, &face.bytes, face.index, &used).map(Some)
        })
        .collect()
}

fn subset_face(
    name: &str,
    bytes: &[u8],
    index: u32,
    used: &BTreeMap<u16, BTreeMap<&str, usize>>,
) -> Result<SubsetFace, WriteError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let err = |reason: String| WriteError::Font {
        name: name.to_string(),
        reason,
    };
    // allsorts numbers the subset's glyphs by their position in this list;
    // .notdef must come first.
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.keys().copied().filter(|&g| g != 0))
        .collect();
    let font_file = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| err(e.to_string()))?;
    let provider = font_file
        .table_provider(index as usize)
        .map_err(|e| err(e.to_string()))?;
    let program = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| err(e.to_string()))?;

    let mut warnings = Vec::new();
    let mut parsed = ParsedFont::from_bytes(&program, 0, &mut warnings)
        .ok_or_else(|| err("the subset font cannot be parsed".to_string()))?;
    // The ISO 32000 subset tag: six capitals derived from the glyph set, so
    // the same content always gets the same name.
    let mut tag_hash = Fnv::new();
    tag_hash.write(name.as_bytes());
    for id in &ids {
        tag_hash.write(&id.to_be_bytes());
    }
    let mut h = tag_hash.finish();
    let tag: String = (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect();
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    parsed.font_name = Some(format!("{tag}+{clean}"));

    // Dense tables: the writer looks these up for every glyph.
    let max = ids.iter().copied().max().unwrap_or(0) as usize;
    let mut remap = vec![0u16; max + 1];
    for (new, &old) in ids.iter().enumerate() {
        remap[old as usize] = new as u16;
    }
    let canonical: Vec<String> = ids
        .iter()
        .map(|gid| used.get(gid).map(canonical_text).unwrap_or_default())
        .collect();
    let upm = parsed.pdf_font_metrics.units_per_em as f32;
    let widths = (0..ids.len() as u16)
        .map(|gid| {
            // Exactly printpdf's `get_scaled_glyph_width`, so TJ offsets are
            // computed against the widths the viewer applies.
            parsed
                .get_glyph_width(gid)
                .map(|w| (w as f32 * 1000.0 / upm) as i64)
                .unwrap_or(0)
        })
        .collect();
    Ok(SubsetFace {
        parsed,
        remap,
        canonical,
        widths,
    })
}

/// The ToUnicode text of a glyph: the non-empty text it stands for most
/// often (ties to the smallest string, for determinism). Occurrences with
/// another text get an `/ActualText` span instead.
fn canonical_text(texts: &BTreeMap<&str, usize>) -> String {
    texts
        .iter()
        .filter(|(t, _)| !t.is_empty())
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(t, _)| t.to_string())
        .unwrap_or_default()
}

fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The content of one page: text runs, rules, link annotations.
fn page_ops(page: &super::page::Page, height: f32, fonts: &[Option<SubsetFace>]) -> Vec<Op> {
    let mut ops = Vec::new();
    if !page.rules.is_empty() {
        ops.push(Op::SaveGraphicsState);
        for rule in &page.rules {
            let a = rule.area;
            let mut r = PpRect::from_xywh(
                Pt(round2(a.x)),
                Pt(round2(height - a.y - a.height)),
                Pt(round2(a.width)),
                Pt(round2(a.height)),
            );
            r.mode = Some(PaintMode::Fill);
            ops.push(Op::DrawRectangle { rectangle: r });
        }
        ops.push(Op::RestoreGraphicsState);
    }
    if !page.runs.is_empty() {
        ops.push(Op::StartTextSection);
        let mut current: Option<(usize, f32)> = None;
        // Tz, in per cent: text state outlives BT/ET, and a page's
        // content starts at the default 100.
        let mut scaling = 100.0f32;
        for run in &page.runs {
            let Some(face) = fonts[run.font.0].as_ref() else {
                continue;
            };
            if current != Some((run.font.0, run.size)) {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(resource_id(run.font.0)),
                    size: Pt(run.size),
                });
                current = Some((run.font.0, run.size));
            }
            let percent = h_scale_percent(run.h_scale);
            if percent != scaling {
                ops.push(Op::SetHorizontalScaling { percent });
                scaling = percent;
            }
            run_ops(run, height, face, &mut ops);
        }
        ops.push(Op::EndTextSection);
    }
    for link in &page.uris {
        let a = link.area;
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                PpRect::from_xywh(
                    Pt(round2(a.x)),
                    Pt(round2(height - a.y - a.height)),
                    Pt(round2(a.width)),
                    Pt(round2(a.height)),
                ),
                Actions::Uri(link.uri.clone()),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ),
        });
    }
    for link in &page.links {
        let a = link.area;
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                PpRect::from_xywh(
                    Pt(round2(a.x)),
                    Pt(round2(height - a.y - a.height)),
                    Pt(round2(a.width)),
                    Pt(round2(a.height)),
                ),
                Actions::Goto(PpDestination::Xyz {
                    page: link.target.page + 1,
                    left: None,
                    top: Some(round2(height - link.target.y)),
                    zoom: None,
                }),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ),
        });
    }
    ops
}

/// A run's horizontal scale as the `Tz` operand: per cent, to 1/100 of
/// a per cent (font expansion comes in steps far coarser than that).
fn h_scale_percent(h_scale: f32) -> f32 {
    if h_scale.is_finite() && h_scale > 0.0 {
        (h_scale * 10_000.0).round() / 100.0
    } else {
        100.0
    }
}

/// One glyph run: absolute start via `Tm`, then glyphs whose TJ offsets
/// make each pen movement equal `Glyph::advance`. Under `Tz` (a run's
/// `h_scale`) the viewer scales widths and TJ numbers alike, so the
/// offsets are computed against the advance divided by the scale. Glyphs whose text differs
/// from their ToUnicode text (the second glyph of a cluster, a hyphen that
/// stands for a soft hyphen) are wrapped in an `/ActualText` span.
fn run_ops(run: &GlyphRun, height: f32, face: &SubsetFace, ops: &mut Vec<Op>) {
    let size = run.size;
    // The viewer multiplies every pen movement by the scale Tz sets.
    let units_per_pt = 1000.0 / (f64::from(size) * f64::from(h_scale_percent(run.h_scale)) / 100.0);
    let baseline = round2(height - run.y);
    // Segments of glyphs that share "regular" (text == canonical) or not.
    let mut x = run.x;
    let mut i = 0;
    while i < run.glyphs.len() {
        let regular = |g: &Glyph| face.canonical[face.subset_id(g.id) as usize] == g.text;
        let is_regular = regular(&run.glyphs[i]);
        let mut j = i + 1;
        while j < run.glyphs.len() && regular(&run.glyphs[j]) == is_regular {
            j += 1;
        }
        let segment = &run.glyphs[i..j];
        if !is_regular {
            let actual: String = segment.iter().map(|g| g.text.as_str()).collect();
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_string(),
                properties: printpdf::DictItem::Dict {
                    map: BTreeMap::from([(
                        "ActualText".to_string(),
                        printpdf::DictItem::String {
                            data: utf16be(&actual),
                            literal: false,
                        },
                    )]),
                },
            });
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(round2(x)), Pt(baseline)),
        });
        // Pen position in 1/1000 em, relative to the segment start: the
        // viewer's (sum of /W widths and offsets) and ours (sum of advances).
        let mut pen = 0.0f64;
        let mut target = 0.0f64;
        let mut codepoints = Vec::with_capacity(segment.len());
        for g in segment {
            let gid = face.subset_id(g.id);
            let w = face.widths.get(gid as usize).copied().unwrap_or(0) as f64;
            target += f64::from(g.advance) * units_per_pt;
            pen += w;
            // Positive TJ numbers move left. Round to 1/10 of a unit
            // (0.001 pt at 11 pt: far below a device pixel, and half the
            // digits to write and compress) and track the rounded value,
            // so errors never accumulate along the line.
            let offset = ((pen - target) * 10.0).round() / 10.0;
            pen -= offset;
            let text = face.canonical[gid as usize].clone();
            codepoints.push(printpdf::Codepoint::with_cid(gid, offset as f32, text));
            x += g.advance;
        }
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        });
        if !is_regular {
            ops.push(Op::EndMarkedContentWithProperties);
        }
        i = j;
    }
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(utf16be(s), StringFormat::Hexadecimal)
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` (or a prefix of it) → `D:YYYYMMDDhhmmssZ`.
fn pdf_date(date: &str) -> String {
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

/// What printpdf cannot write: catalog entries, outline, Info, version, /ID.
fn post_pass(lo: &mut lopdf::Document, doc: &PageDocument) -> Result<(), WriteError> {
    // Annotations with /Dest arrays, Type0 fonts, /Lang and /ActualText
    // need PDF 1.5; say 1.7 (ISO 32000-1), which is what we write.
    lo.version = "1.7".to_string();
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let catalog_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| WriteError::Serialize(format!("no catalog: {e}")))?;

    let outline_root = if doc.outline.is_empty() {
        None
    } else {
        Some(write_outline(lo, &doc.outline, &pages, doc.height))
    };

    let catalog = lo
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| WriteError::Serialize(format!("no catalog: {e}")))?;
    catalog.remove(b"Outlines");
    if let Some(root) = outline_root {
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    // A book: show spreads, odd pages on the right, like the printed copy.
    catalog.set("PageLayout", Object::Name(b"TwoPageRight".to_vec()));
    if !doc.info.language.is_empty() {
        catalog.set("Lang", text_string(&doc.info.language));
    }
    if let Some(labels) = page_labels(doc) {
        catalog.set("PageLabels", labels);
    }
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );

    // The Info dictionary, rebuilt: printpdf writes an empty GTS_PDFXVersion
    // (which makes tools call the file PDF/X) and 1970 dates.
    let date = pdf_date(&doc.info.date);
    let mut info = Dictionary::new();
    let mut put = |key: &str, value: &str| {
        if !value.is_empty() {
            info.set(key, text_string(value));
        }
    };
    put("Title", &doc.info.title);
    put("Author", &doc.info.author);
    put("Subject", &doc.info.subject);
    put("Keywords", &doc.info.keywords);
    put("Creator", &doc.info.creator);
    put("Producer", "bookpack (printpdf, lopdf)");
    info.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    info.set("Trapped", Object::Name(b"False".to_vec()));
    let info_id = lo.trailer.get(b"Info").and_then(Object::as_reference).ok();
    match info_id {
        Some(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        None => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", Object::Reference(id));
        }
    }

    // The file identifier: a digest of the page description, the same for
    // the same book (ISO 32000 only asks that it be likely unique).
    let id = document_digest(doc);
    let id_obj = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![id_obj.clone(), id_obj]));
    Ok(())
}

/// The catalog's `/PageLabels` number tree (ISO 32000-1, 12.4.2), one flat
/// `/Nums` array: a book has a couple of ranges, not enough to need kids.
/// `check_references` has made sure the keys ascend and are real pages.
fn page_labels(doc: &PageDocument) -> Option<Dictionary> {
    let mut nums = Vec::new();
    for &(page, style, start) in &doc.page_labels {
        let style = match style {
            LabelStyle::Decimal => b"D".to_vec(),
            LabelStyle::LowerRoman => b"r".to_vec(),
        };
        let mut label = Dictionary::new();
        label.set("S", Object::Name(style));
        // /St defaults to 1; write it only when it says something.
        if start != 1 {
            label.set("St", Object::Integer(i64::from(start)));
        }
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Dictionary(label));
    }
    (!nums.is_empty()).then(|| Dictionary::from_iter(vec![("Nums", Object::Array(nums))]))
}

/// Writes the outline tree; returns the `/Outlines` dictionary's id.
fn write_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    height: f32,
) -> ObjectId {
    let root = lo.new_object_id();
    let (first, last, count) = write_outline_level(lo, entries, root, pages, height);
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Outlines".to_vec())),
            ("First", Object::Reference(first)),
            ("Last", Object::Reference(last)),
            ("Count", Object::Integer(count)),
        ])),
    );
    root
}

/// Writes one level of siblings under `parent`; returns (first, last, number
/// of visible descendants). Every level is shown open.
fn write_outline_level(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    parent: ObjectId,
    pages: &[ObjectId],
    height: f32,
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    let mut count = entries.len() as i64;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = Dictionary::from_iter(vec![
            ("Title", text_string(&entry.title)),
            ("Parent", Object::Reference(parent)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(pages[entry.target.page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(round2(height - entry.target.y)),
                    Object::Null,
                ]),
            ),
        ]);
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if i + 1 < ids.len() {
            dict.set("Next", Object::Reference(ids[i + 1]));
        }
        if !entry.children.is_empty() {
            let (first, last, n) = write_outline_level(lo, &entry.children, ids[i], pages, height);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(n));
            count += n;
        }
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1], count)
}

/// Embeds the pictures pages draw, each once (an image XObject, with a
/// soft mask when it has transparency), and draws them: a second content
/// stream per page with one `cm … Do` per placement, and the page's
/// `/XObject` resources. Done on the lopdf document, where the image
/// dictionaries can say exactly what they hold (`DCTDecode` data as it
/// is, 16-bit samples, `/Decode`, `/SMask`).
fn add_images(lo: &mut lopdf::Document, doc: &PageDocument) -> Result<(), WriteError> {
    use lopdf::Stream;
    if doc.pages.iter().all(|p| p.images.is_empty()) {
        return Ok(());
    }
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let used: std::collections::BTreeSet<usize> = doc
        .pages
        .iter()
        .flat_map(|p| p.images.iter().map(|i| i.image.0))
        .collect();
    let mut objects: BTreeMap<usize, ObjectId> = BTreeMap::new();
    for &index in &used {
        let data = doc
            .images
            .get(index)
            .ok_or_else(|| WriteError::Reference(format!("image {index}")))?;
        let img = super::picture::pdf_image(data)
            .map_err(|reason| WriteError::Serialize(format!("image {}: {reason}", data.key)))?;
        let base = |color: &str, bits: u8| {
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Image".to_vec())),
                ("Width", Object::Integer(i64::from(img.width))),
                ("Height", Object::Integer(i64::from(img.height))),
                ("ColorSpace", Object::Name(color.as_bytes().to_vec())),
                ("BitsPerComponent", Object::Integer(i64::from(bits))),
            ])
        };
        let mut dict = base(img.color.pdf_name(), img.bits);
        if let Some(alpha) = img.alpha {
            let mask = lo.add_object(Stream::new(base("DeviceGray", img.bits), alpha));
            dict.set("SMask", Object::Reference(mask));
        }
        if img.inverted {
            let n = match img.color {
                super::picture::ColorSpace::Gray => 1,
                super::picture::ColorSpace::Rgb => 3,
                super::picture::ColorSpace::Cmyk => 4,
            };
            let decode = (0..n)
                .flat_map(|_| [Object::Integer(1), Object::Integer(0)])
                .collect();
            dict.set("Decode", Object::Array(decode));
        }
        let stream = if img.dct {
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            // Already compressed: the deflate pass must leave it alone.
            Stream::new(dict, img.data).with_compression(false)
        } else {
            Stream::new(dict, img.data)
        };
        objects.insert(index, lo.add_object(stream));
    }
    for (page, &page_id) in doc.pages.iter().zip(&pages) {
        if page.images.is_empty() {
            continue;
        }
        let mut content = String::new();
        let mut names = Dictionary::new();
        for placed in &page.images {
            let a = placed.area;
            let name = format!("Im{}", placed.image.0);
            content.push_str(&format!(
                "q {} 0 0 {} {} {} cm /{name} Do Q\n",
                round2(a.width),
                round2(a.height),
                round2(a.x),
                round2(doc.height - a.y - a.height)
            ));
            names.set(name, Object::Reference(objects[&placed.image.0]));
        }
        let content_id = lo.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let missing = |what: &str| WriteError::Serialize(format!("page without {what}"));
        let page_dict = lo
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|_| missing("a dictionary"))?;
        let contents = match page_dict.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        // Pictures first, so nothing drawn later can hide under them.
        let mut all = vec![Object::Reference(content_id)];
        all.extend(contents);
        page_dict.set("Contents", Object::Array(all));
        let resources = match page_dict.get(b"Resources") {
            Ok(Object::Reference(id)) => Some(*id),
            _ => None,
        };
        let resources = match resources {
            Some(id) => lo
                .get_object_mut(id)
                .and_then(Object::as_dict_mut)
                .map_err(|_| missing("resources"))?,
            None => {
                if !page_dict.has(b"Resources") {
                    page_dict.set("Resources", Dictionary::new());
                }
                page_dict
                    .get_mut(b"Resources")
                    .and_then(Object::as_dict_mut)
                    .map_err(|_| missing("resources"))?
            }
        };
        let mut xobjects = match resources.get(b"XObject") {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        for (k, v) in names.iter() {
            xobjects.set(k.clone(), v.clone());
        }
        resources.set("XObject", xobjects);
    }
    Ok(())
}

/// 16 bytes derived from everything the page description holds.
/// Regular, italic, bold and small caps: the faces every book's set has.
const TEXT_FACES: usize = 4;

fn document_digest(doc: &PageDocument) -> [u8; 16] {
    let mut a = Fnv::new();
    let mut b = Fnv::with_seed(0x6c62_272e_07bb_0142);
    let mut feed = |bytes: &[u8]| {
        a.write(bytes);
        b.write(bytes);
    };
    feed(&doc.width.to_bits().to_be_bytes());
    feed(&doc.height.to_bits().to_be_bytes());
    // The four text faces always count; a face added after them (the code
    // face, fallbacks) only when a page uses it, so growing the font set
    // changes no identifier of a book that does not set the new face.
    let used: std::collections::BTreeSet<usize> = doc
        .pages
        .iter()
        .flat_map(|p| p.runs.iter().map(|r| r.font.0))
        .collect();
    let counts = |i: usize| i < TEXT_FACES || used.contains(&i);
    for (_, f) in doc.fonts.iter().enumerate().filter(|(i, _)| counts(*i)) {
        feed(f.name.as_bytes());
        feed(&(f.bytes.len() as u64).to_be_bytes());
    }
    let i = &doc.info;
    for s in [
        &i.title,
        &i.author,
        &i.subject,
        &i.keywords,
        &i.creator,
        &i.language,
        &i.date,
        &i.identifier,
    ] {
        feed(s.as_bytes());
        feed(&[0]);
    }
    for &(page, style, start) in &doc.page_labels {
        feed(&(page as u64).to_be_bytes());
        feed(&[style as u8]);
        feed(&start.to_be_bytes());
    }
    for page in &doc.pages {
        feed(b"page");
        for run in &page.runs {
            feed(&(run.font.0 as u64).to_be_bytes());
            for v in [run.size, run.x, run.y, run.h_scale] {
                feed(&v.to_bits().to_be_bytes());
            }
            for g in &run.glyphs {
                feed(&g.id.to_be_bytes());
                feed(&g.advance.to_bits().to_be_bytes());
                feed(g.text.as_bytes());
            }
        }
        for l in &page.links {
            for v in [l.area.x, l.area.y, l.area.width, l.area.height, l.target.y] {
                feed(&v.to_bits().to_be_bytes());
            }
            feed(&(l.target.page as u64).to_be_bytes());
        }
        for l in &page.uris {
            for v in [l.area.x, l.area.y, l.area.width, l.area.height] {
                feed(&v.to_bits().to_be_bytes());
            }
            feed(l.uri.as_bytes());
        }
        // Only pages that draw pictures feed them, so a book without
        // figures keeps its identifier.
        for i in &page.images {
            let data = doc.images.get(i.image.0);
            feed(data.map_or("", |d| d.key.as_str()).as_bytes());
            for v in [i.area.x, i.area.y, i.area.width, i.area.height] {
                feed(&v.to_bits().to_be_bytes());
            }
        }
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.finish().to_be_bytes());
    out[8..].copy_from_slice(&b.finish().to_be_bytes());
    out
}

/// FNV-1a, 64 bit: a small stable hash (std's hasher may change between
/// Rust releases, and output bytes must not).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn with_seed(seed: u64) -> Self {
        Fnv(seed)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
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
    fn canonical_text_prefers_the_commonest_non_empty() {
        let texts = BTreeMap::from([("", 9), ("-", 3), ("\u{AD}", 5)]);
        assert_eq!(canonical_text(&texts), "\u{AD}");
        let tie = BTreeMap::from([("b", 2), ("a", 2)]);
        assert_eq!(canonical_text(&tie), "a");
        assert_eq!(canonical_text(&BTreeMap::from([("", 1)])), "");
    }
}
