//! Property tests of the Markdown reader: it never panics and spans stay in bounds.

use super::*;
use proptest::prelude::*;

/// Fragments that exercise every construct and its broken forms.
pub(crate) fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("::: synopsis\n".to_string()),
        Just(":::\n".to_string()),
        Just("+++\n".to_string()),
        Just("number = 3\n".to_string()),
        Just("[^a]".to_string()),
        Just("[^a]: ".to_string()),
        Just("[^b]".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("```".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("<b>".to_string()),
        Just("[x](javascript:y)".to_string()),
        Just("![i](p.png)".to_string()),
        Just("![](p.png \"c[^a]\")".to_string()),
        Just("| a | b |\n|---|:-:|\n".to_string()),
        Just("| 1 |".to_string()),
        Just("Table: x\n".to_string()),
        Just("\n: def\n".to_string()),
        Just("~~".to_string()),
        Just("^".to_string()),
        Just("~".to_string()),
        Just("\\^".to_string()),
        Just("^[".to_string()),
        Just("]{.smallcaps}".to_string()),
        Just("]{lang=fr .x}".to_string()),
        Just("]".to_string()),
        Just("[see @a1, p. 3; -@b]".to_string()),
        Just("@lamport1978 [p. 9]".to_string()),
        Just("\\@x ".to_string()),
        Just("https://a.org/--".to_string()),
        Just("  \n".to_string()),
        "[a-zé“”’ .,]{0,12}",
    ]
}

proptest! {
    #![proptest_config(crate::proptest_seed::config(256))]
    /// No input makes the parser panic, and every message it gives
    /// points inside the file.
    #[test]
    fn never_panics_and_locates_inside_the_file(parts in proptest::collection::vec(fragment(), 0..40)) {
        let text: String = parts.concat();
        let mut diags = Diagnostics::new();
        let _ = parse_chapter(&text, Path::new("p.md"), &mut diags);
        let lines = text.split('\n').count() as u32;
        for d in diags.items() {
            prop_assert!(d.line <= lines.max(1), "{d} (file has {lines} lines)");
        }
    }
}
