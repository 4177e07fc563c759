//! Fonts as the writer embeds them: glyph codes handed out as pages stream, then each face subset once at the end (allsorts) and written as a Type0 font with its widths and ToUnicode map.
//!
//! A content stream is written before the book's last page is known, so a
//! glyph's code in it cannot wait for the subset: codes are given out in
//! the order glyphs are first drawn (1, 2, … ; 0 is `.notdef`) and the
//! subset is asked for the glyphs in that same order, which makes each
//! glyph's position in the subset equal its code. A CID-keyed CFF face is
//! the exception: viewers find its glyphs through the font's own charset,
//! so its codes are the CIDs the original font gives them (the subset
//! keeps them).
//!
//! A code's ToUnicode entry is one text, but a glyph may stand for more
//! than one: a small capital for "E" in "Enver" and for "e" in "the". In a
//! TrueType face such a glyph gets a second code (an alias) with its own
//! entry, and a `/CIDToGIDMap` stream takes each code to its glyph in the
//! subset. Every reader of the PDF then copies the text as written, where
//! an `/ActualText` span (what a CFF face, whose codes are its glyphs,
//! still gets) is read by some and ignored by others (pdfminer, MuPDF).
//!
//! A letter-spaced glyph (small capitals on a title page or in a running
//! head) gets a code of its own too, whose `/W` width takes in the
//! spacing: drawn with its plain width and a TJ gap after it, a reader of
//! the text took a gap of 0.1 em (poppler's threshold, met at 0.1 em of
//! tracking by rounding alone) for a word space and copied "volu m e",
//! "F ixture Press".

use std::fmt::Write as _;

use rustybuzz::ttf_parser;

use super::syntax::{self, r, Id, PdfFile};
use super::WriteError;
use crate::pdf::page::{FontFace, GlyphText};
use crate::pdf::units::pdf_glyph_width;

/// One face of the document and what the pages drawn so far used of it.
pub(super) struct FaceUse {
    pub face: FontFace,
    /// Read on first use: a face no page draws is never parsed.
    metrics: Option<Metrics>,
    /// By original glyph id: its code in the content streams (0: unused).
    code_of: Vec<u16>,
    /// By code: the original glyph id (`order[0]` is `.notdef`).
    order: Vec<u16>,
    /// By code: the text its ToUnicode entry gives, fixed by the first
    /// non-empty text the glyph is drawn with.
    canonical: Vec<Option<Box<str>>>,
    /// By code: what its `/W` width adds to the glyph's own, in 1/1000
    /// em: the letter-spacing it is drawn with (see the module's notes).
    extra: Vec<i64>,
    /// By original glyph id: the codes after its first (aliases), each
    /// with another text (see the module's notes). Empty for most faces.
    aliases: rustc_hash::FxHashMap<u16, Vec<u16>>,
    /// Whether any page draws this face, if only `.notdef` (a character
    /// no font has): the page names the face, so it must be written.
    drawn: bool,
    /// A fingerprint of the changes above, in order: equal states give
    /// content streams the same codes (see [`FaceUse::state`]).
    state: u64,
    /// While a recording runs: the changes made, for [`FaceUse::apply`].
    log: Option<Vec<FaceEvent>>,
}

/// One change of what a face's codes are (see [`FaceUse::glyph`]).
#[derive(Clone, Debug, PartialEq, Hash)]
pub(super) enum FaceEvent {
    Drawn,
    /// A new code, for this original glyph id and with this extra width:
    /// its first, or an alias when it has one.
    Code(u16, i64),
    /// The ToUnicode text of the glyph with this code, fixed.
    Text(usize, Box<str>),
}

/// What the writer needs from the font's tables.
struct Metrics {
    /// By original glyph id: the `/W` width, in 1/1000 em, truncated (the
    /// layout's TJ offsets are computed against the same width).
    widths: Vec<i64>,
    /// By original glyph id, for a CID-keyed CFF face: the glyph's CID.
    cids: Option<Vec<u16>>,
    /// TrueType outlines: the descendant font is a `CIDFontType2`, whose
    /// codes can reach their glyphs through a `/CIDToGIDMap`, so a glyph
    /// can have aliases.
    truetype: bool,
    upm: u16,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: f32,
    weight: u16,
}

impl FaceUse {
    pub fn new(face: FontFace) -> Self {
        FaceUse {
            face,
            metrics: None,
            code_of: Vec::new(),
            order: vec![0],
            canonical: vec![None],
            extra: vec![0],
            aliases: Default::default(),
            drawn: false,
            state: 0,
            log: None,
        }
    }

    /// What codes and texts the face has given out so far, as a
    /// fingerprint: a recorded content stream can be written again as it
    /// is when the state it was written in is this one.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Starts (or, with `false`, stops) logging the changes of state.
    pub fn log_changes(&mut self, on: bool) {
        self.log = on.then(Vec::new);
    }

    /// The changes logged since `log_changes(true)`.
    pub fn take_log(&mut self) -> Vec<FaceEvent> {
        self.log.take().unwrap_or_default()
    }

    /// Makes a change of state, as drawing a glyph makes it.
    pub fn apply(&mut self, event: FaceEvent) {
        self.state = crate::fingerprint::Fingerprint::new()
            .add(&self.state)
            .add(&event)
            .finish();
        match &event {
            FaceEvent::Drawn => self.drawn = true,
            FaceEvent::Code(gid, extra) => {
                if self.code_of.len() <= *gid as usize {
                    self.code_of.resize(*gid as usize + 1, 0);
                }
                let code = self.order.len() as u16;
                // `.notdef` has code 0 from the start.
                if *gid == 0 || self.code_of[*gid as usize] != 0 {
                    self.aliases.entry(*gid).or_default().push(code);
                } else {
                    self.code_of[*gid as usize] = code;
                }
                self.order.push(*gid);
                self.canonical.push(None);
                self.extra.push(*extra);
            }
            FaceEvent::Text(slot, text) => self.canonical[*slot] = Some(text.clone()),
        }
        if let Some(log) = &mut self.log {
            log.push(event);
        }
    }

    /// Whether any page draws this face.
    pub fn used(&self) -> bool {
        self.drawn
    }

    fn metrics(&mut self) -> Result<&Metrics, WriteError> {
        if self.metrics.is_none() {
            self.metrics = Some(read_metrics(&self.face)?);
        }
        Ok(self.metrics.as_ref().expect("just read"))
    }

    /// The code of glyph `gid` in the content stream and its `/W` width;
    /// `text` is what this occurrence stands for, `spacing` the letter-
    /// spacing after it (1/1000 em). Returns whether the ToUnicode entry
    /// says the same (else the caller wraps the glyph in an `/ActualText`
    /// span): in a TrueType face it always does when `text` is not empty,
    /// the glyph getting an alias for a second text, or a second spacing,
    /// which the width then takes in (a CFF face's width never does).
    pub fn glyph(
        &mut self,
        gid: u16,
        text: &GlyphText,
        spacing: i64,
    ) -> Result<(u16, i64, bool), WriteError> {
        if !self.drawn {
            self.apply(FaceEvent::Drawn);
        }
        let metrics = self.metrics()?;
        let width = metrics.widths.get(gid as usize).copied().unwrap_or(0);
        let cid = metrics
            .cids
            .as_ref()
            .map(|c| c.get(gid as usize).copied().unwrap_or(0));
        let aliasing = metrics.truetype;
        // Compared as bytes: a glyph's text is read as a `str` (checked
        // as UTF-8) only the first time its slot gets one.
        let bytes = text.as_bytes();
        let spacing = if aliasing && !bytes.is_empty() {
            spacing
        } else {
            0
        };
        let mut slot = self.code_of.get(gid as usize).map_or(0, |&c| c as usize);
        if slot == 0 && gid != 0 {
            slot = self.new_code(gid, spacing)?;
        }
        if self.canonical[slot].is_none() && !bytes.is_empty() && self.extra[slot] == spacing {
            self.apply(FaceEvent::Text(slot, text.as_str().into()));
        }
        let says = |code: usize| {
            self.extra[code] == spacing
                && self.canonical[code].as_deref().map(str::as_bytes) == Some(bytes)
        };
        if says(slot) {
            return Ok((cid.unwrap_or(slot as u16), width + spacing, true));
        }
        if !aliasing || bytes.is_empty() {
            let extra = self.extra[slot];
            return Ok((cid.unwrap_or(slot as u16), width + extra, false));
        }
        let known = self
            .aliases
            .get(&gid)
            .and_then(|codes| codes.iter().find(|&&c| says(usize::from(c))));
        let alias = match known {
            Some(&code) => usize::from(code),
            None => {
                let code = self.new_code(gid, spacing)?;
                self.apply(FaceEvent::Text(code, text.as_str().into()));
                code
            }
        };
        Ok((alias as u16, width + spacing, true))
    }

    /// A new code for glyph `gid` (its first, or an alias), `extra` wider
    /// than the glyph.
    fn new_code(&mut self, gid: u16, extra: i64) -> Result<usize, WriteError> {
        if self.order.len() > u16::MAX as usize {
            return Err(WriteError::Font {
                name: self.face.name.clone(),
                reason: "more than 65,535 glyphs drawn".to_string(),
            });
        }
        let code = self.order.len();
        self.apply(FaceEvent::Code(gid, extra));
        Ok(code)
    }

    /// Reads the face's tables if no page has yet: [`FaceUse::embed`]
    /// needs them read.
    pub fn read_metrics(&mut self) -> Result<(), WriteError> {
        self.metrics().map(|_| ())
    }

    /// The face subset to the glyphs drawn, ready to be written as a
    /// Type0 font with its descendant, descriptor, program and ToUnicode
    /// map: everything that takes time (the subset, the deflated program
    /// and map) made without the file, so the book's faces can be made
    /// side by side; [`Embedded::write`] then writes them in order. Needs
    /// [`FaceUse::read_metrics`] first.
    pub fn embed(&self) -> Result<Embedded, WriteError> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{subset, CmapTarget, SubsetProfile};

        let Some(metrics) = self.metrics.as_ref() else {
            return Err(WriteError::Font {
                name: self.face.name.clone(),
                reason: "its tables were not read".to_string(),
            });
        };
        let name = self.face.name.clone();
        let err = |reason: String| WriteError::Font {
            name: name.clone(),
            reason,
        };
        let font_file = ReadScope::new(self.face.data())
            .read::<FontData<'_>>()
            .map_err(|e| err(e.to_string()))?;
        let provider = font_file
            .table_provider(self.face.index as usize)
            .map_err(|e| err(e.to_string()))?;
        // The subset holds each glyph once, in the order of first codes:
        // with no aliases, a code is its glyph's place in the subset.
        let (glyphs, gid_map) = if self.aliases.is_empty() {
            (std::borrow::Cow::Borrowed(&self.order[..]), None)
        } else {
            let (glyphs, map) = subset_places(&self.order);
            (std::borrow::Cow::Owned(glyphs), Some(map))
        };
        let program = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| err(e.to_string()))?;

        // The ISO 32000 subset tag: six capitals derived from the glyph
        // set, so the same content always gets the same name.
        let mut h = super::digest::Fnv::new();
        h.write(name.as_bytes());
        for g in &self.order {
            h.write(&g.to_be_bytes());
        }
        let mut h = h.finish();
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
        let base = syntax::name(&format!("{tag}+{clean}"));

        let cids = metrics.cids.is_some();
        let code = |slot: usize, gid: u16| -> u16 {
            match &metrics.cids {
                Some(c) => c.get(gid as usize).copied().unwrap_or(0),
                None => slot as u16,
            }
        };
        // Codes with their widths and texts, ascending by code.
        let mut rows: Vec<(u16, i64, Option<&str>)> = self
            .order
            .iter()
            .enumerate()
            .map(|(slot, &gid)| {
                (
                    code(slot, gid),
                    metrics.widths.get(gid as usize).copied().unwrap_or(0) + self.extra[slot],
                    self.canonical[slot].as_deref(),
                )
            })
            .collect();
        rows.sort_by_key(|row| row.0);

        // The program's wrapper decides how viewers find a glyph from its
        // code: TrueType through /CIDToGIDMap (Identity: code = glyph),
        // a whole OpenType CFF by glyph index, a bare CID-keyed CFF
        // through its charset.
        let (subtype, file_key, program, file_dict) = if program.starts_with(b"OTTO") {
            if cids {
                let cff = bare_cff(&program).ok_or_else(|| err("no CFF table".to_string()))?;
                (
                    "CIDFontType0",
                    "FontFile3",
                    cff,
                    "/Subtype /CIDFontType0C".to_string(),
                )
            } else {
                (
                    "CIDFontType0",
                    "FontFile3",
                    program,
                    "/Subtype /OpenType".to_string(),
                )
            }
        } else {
            let length = format!("/Length1 {}", program.len());
            ("CIDFontType2", "FontFile2", program, length)
        };

        let program_packed = syntax::deflated(&program);
        let m = metrics;
        let scale = |v: i64| (v as f64 * 1000.0 / f64::from(m.upm.max(1))).round() as i64;
        // Flags (ISO 32000-1, table 123): non-symbolic, italic when slanted.
        let flags = 32 | if m.italic_angle != 0.0 { 64 } else { 0 };
        // No table holds the stem width: estimate it from the weight class,
        // as PDF producers do (~88 at 400, ~166 at 700).
        let stem_v = if m.weight == 0 {
            80
        } else {
            50 + ((f32::from(m.weight) / 65.0).powi(2)).round() as i64
        };
        // Ends with the program's reference, known only when written.
        let descriptor = format!(
            "<< /Type /FontDescriptor /FontName {base} /Flags {flags} /FontBBox [{} {} {} {}] \
             /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {stem_v} /{file_key} ",
            scale(m.bbox[0]),
            scale(m.bbox[1]),
            scale(m.bbox[2]),
            scale(m.bbox[3]),
            syntax::num(m.italic_angle),
            scale(m.ascent),
            scale(m.descent),
            scale(m.cap_height),
        );

        // /W: runs of consecutive codes, each with its widths.
        let mut w = String::new();
        let mut i = 0;
        while i < rows.len() {
            let start = i;
            while i + 1 < rows.len() && rows[i + 1].0 == rows[i].0 + 1 {
                i += 1;
            }
            let _ = write!(w, "{} [", rows[start].0);
            for (k, row) in rows[start..=i].iter().enumerate() {
                let _ = write!(w, "{}{}", if k > 0 { " " } else { "" }, row.1);
            }
            w.push_str("] ");
            i += 1;
        }
        let gid_map = match gid_map {
            _ if subtype != "CIDFontType2" => GidMap::None,
            None => GidMap::Identity,
            Some(map) => {
                let packed = syntax::deflated(&map);
                GidMap::Stream(map, packed)
            }
        };
        let cmap = to_unicode(&rows).into_bytes();
        let cmap_packed = syntax::deflated(&cmap);
        Ok(Embedded {
            base,
            subtype,
            program,
            program_packed,
            file_dict,
            descriptor,
            widths: w.trim_end().to_string(),
            gid_map,
            cmap,
            cmap_packed,
        })
    }
}

/// A face ready to be written (see [`FaceUse::embed`]).
pub(super) struct Embedded {
    base: String,
    subtype: &'static str,
    program: Vec<u8>,
    /// `program` deflated, when that makes it smaller.
    program_packed: Option<Vec<u8>>,
    file_dict: String,
    /// The descriptor's dictionary, but for the program's reference.
    descriptor: String,
    /// The `/W` array's entries.
    widths: String,
    gid_map: GidMap,
    cmap: Vec<u8>,
    cmap_packed: Option<Vec<u8>>,
}

impl Embedded {
    /// Writes the face: the Type0 font as object `id`, then (numbered
    /// after it) its program, descriptor, descendant and ToUnicode map.
    pub fn write(self, file: &mut PdfFile, id: Id) {
        let program_id = file.reserve();
        file.stream_packed(
            program_id,
            &self.file_dict,
            &self.program,
            self.program_packed.as_deref(),
        );
        let descriptor = file.add(&format!("{}{} >>", self.descriptor, r(program_id)));
        let gid_map = match &self.gid_map {
            GidMap::None => String::new(),
            GidMap::Identity => " /CIDToGIDMap /Identity".to_string(),
            GidMap::Stream(map, packed) => {
                let id = file.reserve();
                file.stream_packed(id, "", map, packed.as_deref());
                format!(" /CIDToGIDMap {}", r(id))
            }
        };
        let descendant = file.add(&format!(
            "<< /Type /Font /Subtype /{} /BaseFont {} /CIDSystemInfo << /Registry (Adobe) \
             /Ordering (Identity) /Supplement 0 >> /FontDescriptor {} /DW 0 /W [{}]{gid_map} >>",
            self.subtype,
            self.base,
            r(descriptor),
            self.widths,
        ));
        let cmap_id = file.reserve();
        file.stream_packed(cmap_id, "", &self.cmap, self.cmap_packed.as_deref());
        file.object(
            id,
            &format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont {} /Encoding /Identity-H \
                 /DescendantFonts [{}] /ToUnicode {} >>",
                self.base,
                r(descendant),
                r(cmap_id)
            ),
        );
    }
}

/// How a `CIDFontType2`'s codes find their glyphs: none for a CFF face
/// (its codes are its glyphs or CIDs).
enum GidMap {
    None,
    /// Each code is its glyph's place in the subset.
    Identity,
    /// By code, two bytes big-endian: its glyph's place in the subset
    /// (ISO 32000-1, table 117); deflated too, when that is smaller.
    Stream(Vec<u8>, Option<Vec<u8>>),
}

/// The glyphs a subset holds, each once, in the order of `order` (the
/// original glyph of each code, aliases repeating theirs), and the
/// `/CIDToGIDMap` stream taking each code to its glyph's place there.
fn subset_places(order: &[u16]) -> (Vec<u16>, Vec<u8>) {
    let mut place_of: rustc_hash::FxHashMap<u16, u16> = Default::default();
    let mut glyphs = Vec::with_capacity(order.len());
    let mut map = Vec::with_capacity(order.len() * 2);
    for &gid in order {
        let place = *place_of.entry(gid).or_insert_with(|| {
            glyphs.push(gid);
            (glyphs.len() - 1) as u16
        });
        map.extend_from_slice(&place.to_be_bytes());
    }
    (glyphs, map)
}

/// The ToUnicode CMap (ISO 32000-1, 9.10.3) of the codes that have a text.
fn to_unicode(rows: &[(u16, i64, Option<&str>)]) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(u16, &str)> = rows
        .iter()
        .filter_map(|&(code, _, text)| text.map(|t| (code, t)))
        .collect();
    // At most 100 entries a block.
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (code, text) in block {
            let _ = write!(out, "<{code:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The `CFF ` table of an OpenType font.
fn bare_cff(program: &[u8]) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    let font = ReadScope::new(program).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    Some(
        provider
            .read_table_data(allsorts::tag::CFF)
            .ok()?
            .into_owned(),
    )
}

fn read_metrics(face: &FontFace) -> Result<Metrics, WriteError> {
    let err = |reason: String| WriteError::Font {
        name: face.name.clone(),
        reason,
    };
    let parsed =
        ttf_parser::Face::parse(face.data(), face.index).map_err(|e| err(e.to_string()))?;
    let upm = parsed.units_per_em();
    let widths = (0..parsed.number_of_glyphs())
        .map(|g| {
            pdf_glyph_width(
                parsed
                    .glyph_hor_advance(ttf_parser::GlyphId(g))
                    .unwrap_or(0),
                upm,
            )
        })
        .collect();
    let bbox = parsed.global_bounding_box();
    let weight = parsed.weight().to_number();
    Ok(Metrics {
        widths,
        cids: cff_cids(face),
        truetype: parsed.tables().glyf.is_some(),
        upm,
        bbox: [
            i64::from(bbox.x_min),
            i64::from(bbox.y_min),
            i64::from(bbox.x_max),
            i64::from(bbox.y_max),
        ],
        ascent: i64::from(parsed.ascender()),
        descent: i64::from(parsed.descender()),
        cap_height: i64::from(parsed.capital_height().unwrap_or(parsed.ascender())),
        italic_angle: parsed.italic_angle(),
        weight,
    })
}

/// For a CID-keyed CFF face: each glyph's CID, from the font's charset.
fn cff_cids(face: &FontFace) -> Option<Vec<u16>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::cff::CFF;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    let font = ReadScope::new(face.data()).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(face.index as usize).ok()?;
    let data = provider.read_table_data(allsorts::tag::CFF).ok()?;
    let cff = ReadScope::new(&data).read::<CFF<'_>>().ok()?;
    let font = cff.fonts.first()?;
    if !font.is_cid_keyed() {
        return None;
    }
    let glyphs = font.char_strings_index.len() as u16;
    Some(
        (0..glyphs)
            .map(|g| font.charset.id_for_glyph(g).unwrap_or(0))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(name: &str, bytes: &'static [u8]) -> FaceUse {
        FaceUse::new(FontFace {
            name: name.to_string(),
            bytes: std::sync::Arc::new(bytes),
            index: 0,
        })
    }

    /// A letter-spaced small capital gets a code of its own whose width
    /// takes in the spacing, so no reader of the text sees a gap after
    /// it; the same letter unspaced keeps its plain code and width, and
    /// both copy as the letter. A CFF face, whose codes are its glyphs,
    /// keeps its width and leaves the gap to the TJ offset.
    #[test]
    fn a_letter_spaced_glyph_gets_a_code_as_wide_as_its_spacing() {
        let mut sc = face("EBGaramondSC12-Regular", crate::fonts::SMALL_CAPS);
        let e = GlyphText::new("e");
        let (plain, plain_width, says) = sc.glyph(70, &e, 0).unwrap();
        assert!(says);
        let (spaced, spaced_width, says) = sc.glyph(70, &e, 100).unwrap();
        assert!(says);
        assert_ne!(spaced, plain);
        assert_eq!(spaced_width, plain_width + 100);
        // Met again, each use finds its own code.
        assert_eq!(sc.glyph(70, &e, 100).unwrap(), (spaced, spaced_width, true));
        assert_eq!(sc.glyph(70, &e, 0).unwrap(), (plain, plain_width, true));
        assert_eq!(sc.extra[usize::from(spaced)], 100);
        assert_eq!(sc.canonical[usize::from(spaced)].as_deref(), Some("e"));
        // The subset's /W says the wider width for the spaced code.
        sc.read_metrics().unwrap();
        let embedded = sc.embed().unwrap();
        assert!(
            embedded
                .widths
                .contains(&format!("{plain_width} {spaced_width}")),
            "{}",
            embedded.widths
        );

        let mut mono = face("Inconsolata", crate::fonts::MONO);
        let (code, width, _) = mono.glyph(40, &GlyphText::new("e"), 0).unwrap();
        assert_eq!(mono.glyph(40, &GlyphText::new("e"), 100).unwrap().1, width);
        assert_eq!(mono.glyph(40, &GlyphText::new("e"), 100).unwrap().0, code);
    }
}
