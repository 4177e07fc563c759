//! SVG figures in the PDF: a drawing (as `crate::svg` rewrote it) → svg2pdf's Form XObject and the objects it needs, renumbered into our file's objects, each written (with its own cross-reference entry) as svg2pdf wrote it.
//!
//! svg2pdf writes a `pdf_writer::Chunk`: numbered objects in a buffer
//! of its own, the form a unit square (like an image XObject), so a page
//! draws it exactly as it draws a picture (`w 0 0 h x y cm /Im… Do`).
//! The chunk's object numbers are mapped to numbers our writer reserves,
//! then the renumbered buffer is cut back into its objects: pdf-writer
//! gives their numbers in order (`Chunk::refs`) but not their offsets,
//! and our cross-reference table needs each object's own.

use std::collections::HashMap;

use pdf_writer::Ref;

use super::syntax::{Id, PdfFile};

/// Writes the drawing `svg` as a Form XObject and what it refers to
/// (gradients' shadings and functions, patterns, soft masks, the sRGB
/// profile); returns the form's object number.
pub(super) fn write_form(file: &mut PdfFile<'_>, svg: &[u8]) -> Result<Id, String> {
    let text = std::str::from_utf8(svg).map_err(|e| e.to_string())?;
    // The rewrite holds no text and refers to nothing: no fonts needed.
    let tree = usvg::Tree::from_str(text, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let options = svg2pdf::ConversionOptions {
        compress: true,
        // Text was made paths by `crate::svg`; nothing is rasterised.
        embed_text: false,
        ..Default::default()
    };
    let (chunk, root) = svg2pdf::to_chunk(&tree, options).map_err(|e| e.to_string())?;
    let old: Vec<Ref> = chunk.refs().collect();
    let ids: Vec<Id> = old.iter().map(|_| file.reserve()).collect();
    let map: HashMap<Ref, Id> = old.iter().copied().zip(ids.iter().copied()).collect();
    let mut dangling = None;
    let renumbered = chunk.renumber(|r| match map.get(&r) {
        Some(&id) => Ref::new(id as i32),
        None => {
            dangling = Some(r);
            r
        }
    });
    if let Some(r) = dangling {
        return Err(format!(
            "svg2pdf refers to object {} it did not write",
            r.get()
        ));
    }
    let bodies = split(renumbered.as_bytes(), &ids)?;
    for (&id, body) in ids.iter().zip(bodies) {
        file.object_bytes(id, body);
    }
    map.get(&root)
        .copied()
        .ok_or_else(|| "svg2pdf's form is not among its objects".to_string())
}

/// Cuts pdf-writer's buffer into the bodies of objects `ids` (in the
/// order written): each is `N 0 obj\n` body `\nendobj\n\n`, a stream's
/// body its dictionary (`/Length` first), `\nstream\n`, that many bytes
/// and `\nendstream`. The stream's length, not a search, finds its end,
/// so no byte of its data is mistaken for a keyword.
fn split<'b>(bytes: &'b [u8], ids: &[Id]) -> Result<Vec<&'b [u8]>, String> {
    const END: &[u8] = b"\nendobj\n\n";
    let mut at = 0;
    let mut bodies = Vec::with_capacity(ids.len());
    for &id in ids {
        let head = format!("{id} 0 obj\n");
        if !bytes[at..].starts_with(head.as_bytes()) {
            return Err(format!("object {id} is not where svg2pdf's chunk has it"));
        }
        let start = at + head.len();
        let rest = &bytes[start..];
        let length = rest.strip_prefix(b"<<\n  /Length ").and_then(|r| {
            let digits = r.iter().take_while(|b| b.is_ascii_digit()).count();
            std::str::from_utf8(&r[..digits])
                .ok()?
                .parse::<usize>()
                .ok()
        });
        let end = match length {
            Some(length) => {
                let data = find(rest, b"\nstream\n")
                    .ok_or_else(|| format!("stream {id} has no data"))?
                    + b"\nstream\n".len();
                let end = data + length + b"\nendstream".len();
                if rest.get(data + length..end) != Some(b"\nendstream".as_slice()) {
                    return Err(format!("stream {id} is not {length} bytes long"));
                }
                end
            }
            None => find(rest, END).ok_or_else(|| format!("object {id} does not end"))?,
        };
        if rest.get(end..end + END.len()) != Some(END) {
            return Err(format!("object {id} does not end where expected"));
        }
        bodies.push(&rest[..end]);
        at = start + end + END.len();
    }
    if at != bytes.len() {
        return Err("svg2pdf's chunk holds more than its objects".to_string());
    }
    Ok(bodies)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAWING: &str = "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>\
        <defs><linearGradient id='g'><stop offset='0' stop-color='red'/><stop offset='1' stop-color='blue'/></linearGradient></defs>\
        <path d='M 10 10 L 90 10 L 90 60 Z' fill='url(#g)' transform='rotate(10)'/></svg>";

    #[test]
    fn the_form_and_its_objects_land_in_our_file_with_their_offsets() {
        let mut bytes = Vec::new();
        let mut file = PdfFile::new(&mut bytes);
        let first = file.reserve();
        let form = write_form(&mut file, DRAWING.as_bytes()).unwrap();
        file.object(first, &format!("<< /Form {form} 0 R >>"));
        file.finish(&format!("/Root {first} 0 R")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // Function, shading, pattern, form, profile: numbered after ours.
        for id in 2..=6 {
            let at = bytes
                .windows(format!("\n{id} 0 obj\n").len())
                .position(|w| w == format!("\n{id} 0 obj\n").as_bytes())
                .unwrap()
                + 1;
            assert!(text.contains(&format!("{at:010} 00000 n")), "object {id}");
        }
        assert!(text.contains("/Subtype /Form"));
        assert!(text.contains("/ShadingType 2"));
        // Each object once, closed once.
        assert_eq!(text.matches(" 0 obj\n").count(), 6);
        assert_eq!(text.matches("endobj").count(), 6);
    }

    #[test]
    fn a_chunk_that_is_not_as_expected_is_an_error() {
        let good = b"3 0 obj\n<<\n  /Length 4\n>>\nstream\nabcd\nendstream\nendobj\n\n4 0 obj\n[1 2]\nendobj\n\n";
        let bodies = split(good, &[3, 4]).unwrap();
        assert_eq!(bodies[1], b"[1 2]");
        assert!(bodies[0].ends_with(b"abcd\nendstream"));
        // A stream whose data holds `endobj` is cut by its length.
        let tricky = b"3 0 obj\n<<\n  /Length 9\n>>\nstream\n\nendobj\n\n\nendstream\nendobj\n\n";
        assert_eq!(split(tricky, &[3]).unwrap().len(), 1);
        assert!(split(good, &[4, 3]).is_err());
        assert!(split(&good[..good.len() - 3], &[3, 4]).is_err());
        let short = b"3 0 obj\n<<\n  /Length 5\n>>\nstream\nabcd\nendstream\nendobj\n\n";
        assert!(split(short, &[3]).is_err());
    }
}
