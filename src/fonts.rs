//! The default font family (EB Garamond 12, SIL OFL 1.1) and the code face
//! (Inconsolata, SIL OFL 1.0), embedded by build.rs.

include!(concat!(env!("OUT_DIR"), "/embedded_fonts.rs"));

/// Family name of the embedded faces.
pub const FAMILY: &str = "EB Garamond";

/// Family name of the embedded monospace face, for code.
pub const MONO_FAMILY: &str = "Inconsolata";

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_faces_are_truetype() {
        for face in [
            super::REGULAR,
            super::ITALIC,
            super::BOLD,
            super::SMALL_CAPS,
        ] {
            assert_eq!(&face[..4], &[0, 1, 0, 0], "not a TrueType file");
        }
        assert_eq!(&super::MONO[..4], b"OTTO", "not an OpenType (CFF) file");
    }
}
