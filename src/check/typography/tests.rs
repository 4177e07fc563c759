//! Tests of the typography checks: quotes, punctuation, words, final stops.

use super::super::prose::extract;
use super::super::words::tokens;
use super::*;

fn run(md: &str) -> Vec<(String, String)> {
    let prose = extract(&format!("# T\n\n{md}\n"));
    let mut out = Vec::new();
    for (k, p) in prose.paras.iter().enumerate().skip(1) {
        let mut hits = Vec::new();
        let toks = tokens(&p.text);
        let langs = super::super::tongues::token_languages(p, &toks, "en");
        let prev = k.checked_sub(1).map(|j| &prose.paras[j]);
        scan(
            p,
            &toks,
            &langs,
            "en",
            prev,
            prose.paras.get(k + 1),
            &mut hits,
        );
        out.extend(
            hits.into_iter()
                .map(|h| (h.code.to_string(), p.text[h.at].to_string())),
        );
    }
    out
}

fn codes(md: &str) -> Vec<String> {
    run(md).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn clean_text_is_quiet() {
    assert!(codes("“Yes,” he said, “it is (as ‘they’ say) the end.”").is_empty());
    assert!(codes("A list:\n\n- one\n- two").is_empty());
    assert!(codes("He said: “Go on.”\n\n“And then?”").is_empty());
}

#[test]
fn quotes() {
    assert_eq!(
        run("He said \"no\" and it's done."),
        [
            ("straight-quote".into(), "\"".into()),
            ("straight-quote".into(), "\"".into()),
            ("straight-quote".into(), "'".into()),
        ]
    );
    let after = |s: &str| s.char_indices().collect::<Vec<_>>();
    assert_eq!(curly_for('"', Some(' '), &after("no"), false), '“');
    // Inches, and Hebrew's gershayim and geresh.
    assert_eq!(curly_for('"', Some('2'), &after(" ruler"), false), '”');
    assert_eq!(curly_for('"', Some('ש'), &after("י"), false), '״');
    assert_eq!(curly_for('\'', Some('ג'), &after("ירפה"), false), '׳');
    assert_eq!(curly_for('\'', Some('t'), &after("s"), false), '’');
    assert_eq!(curly_for('\'', Some(' '), &after("90s"), false), '’');
    // Letters left out open with an apostrophe, not a quote.
    assert_eq!(curly_for('\'', Some(' '), &after("n' roll"), false), '’');
    assert_eq!(
        curly_for('\'', Some(' '), &after("Tis the season"), false),
        '’'
    );
    assert_eq!(
        curly_for('\'', Some(' '), &after("now or never'"), false),
        '‘'
    );
    assert_eq!(curly_for('\'', Some(' '), &after("emphasis'"), false), '‘');
    // A Hebrew word's `'` closes a single quotation that is open, but
    // inside a word it is a geresh still.
    assert_eq!(curly_for('\'', Some('ם'), &after(" לכולם"), true), '’');
    assert_eq!(curly_for('\'', Some('ג'), &after("ירפה'"), true), '׳');
    assert_eq!(codes("Only “the way."), ["unbalanced-quote"]);
    assert_eq!(codes("the way” said."), ["unbalanced-quote"]);
    assert_eq!(codes("“Is it so?\n\n“No.”"), ["open-quote-continued"]);
    assert_eq!(codes("the “ peaceful way”."), ["quote-spacing"]);
    assert_eq!(
        codes("said Enver. ”"),
        ["unbalanced-quote", "quote-spacing"]
    );
}

/// Hits with their hints, for the rules that speak of marks.
fn hinted(md: &str) -> Vec<(String, String)> {
    let prose = extract(&format!("# T\n\n{md}\n"));
    let mut out = Vec::new();
    for (k, p) in prose.paras.iter().enumerate().skip(1) {
        let toks = tokens(&p.text);
        let langs = super::super::tongues::token_languages(p, &toks, "en");
        let mut hits = Vec::new();
        let prev = k.checked_sub(1).map(|j| &prose.paras[j]);
        scan(
            p,
            &toks,
            &langs,
            "en",
            prev,
            prose.paras.get(k + 1),
            &mut hits,
        );
        out.extend(
            hits.into_iter()
                .map(|h| (h.code.to_string(), h.suggestion.unwrap_or_default())),
        );
    }
    out
}

/// `--fix` in Hebrew: the `'` that closes `'שלום'` becomes the ’ that
/// pairs with its ‘ (it became a geresh, ׳), and a geresh stays one.
#[test]
fn a_hebrew_quotation_is_fixed_with_a_matching_pair() {
    for (source, fixes) in [
        ("היא אמרה 'שלום' לכולם.", vec!["‘", "’"]),
        ("'ג'ירפה' וש\"ח.", vec!["‘", "׳", "’", "״"]),
        ("עלה 5 ש' בלבד.", vec!["׳"]),
    ] {
        let prose = extract(&format!("# T\n\n{source}\n"));
        let chars: Vec<(usize, char)> = prose.paras[1].text.char_indices().collect();
        let mut hits = Vec::new();
        straight_quotes(&chars, &|_| "he", &mut hits);
        let got: Vec<&str> = hits.iter().filter_map(|h| h.fix.as_deref()).collect();
        assert_eq!(got, fixes, "{source}");
        let mut hits = Vec::new();
        balance(&chars, &|_| "he", None, &mut hits);
        assert!(hits.is_empty(), "{source}: {:?}", hits.len());
    }
}

#[test]
fn a_straight_quote_after_a_number_may_be_a_prime_and_is_not_fixed() {
    let prose = extract("# T\n\nHe is 5'10\" tall, the 1990's man, \"aged 9\".\n");
    let p = &prose.paras[1];
    let toks = tokens(&p.text);
    let langs = super::super::tongues::token_languages(p, &toks, "en");
    let chars: Vec<(usize, char)> = p.text.char_indices().collect();
    let mut hits = Vec::new();
    straight_quotes(&chars, &|_| "en", &mut hits);
    let got: Vec<(&str, Option<&str>, &str)> = hits
        .iter()
        .map(|h| {
            (
                &p.text[h.at.clone()],
                h.fix.as_deref(),
                h.suggestion.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "'",
                None,
                "a prime `′` for feet or minutes, or `’` if it closes a quotation"
            ),
            (
                "\"",
                None,
                "a double prime `″` for inches or seconds, or `”` if it closes a quotation"
            ),
            ("'", Some("’"), "`’`"),
            // Not fixed either: its closing mark, after the number, is
            // left as typed, and a fix would leave `“aged 9"`.
            ("\"", None, "`“`"),
            (
                "\"",
                None,
                "a double prime `″` for inches or seconds, or `”` if it closes a quotation"
            ),
        ]
    );
    // The unbalanced `"` after the number says the same.
    let mut all = Vec::new();
    scan(p, &toks, &langs, "en", None, None, &mut all);
    assert!(all.iter().any(|h| h.code == "unbalanced-quote"
        && h.suggestion.as_deref().is_some_and(|s| s.contains('″'))));
}

#[test]
fn every_language_pairs_its_own_marks() {
    // German „…“ and ‚…‘, Polish „…”, French « … », guillemets
    // pointing inwards in German: all balanced, in a passage or not.
    assert!(codes("::: {lang=de}\nEr sagte: „Wir fahren ‚morgen‘“, und ging.\n:::").is_empty());
    assert!(codes("She read <span lang=\"de\">„Ich bin ein Berliner“</span> aloud.").is_empty());
    assert!(codes("::: {lang=pl}\nPowiedział: „Jutro”.\n:::").is_empty());
    assert!(
        codes("::: {lang=fr}\nIl a dit : « Nous partirons demain », puis il est sorti.\n:::")
            .is_empty()
    );
    assert!(codes("::: {lang=de}\nEr sagte: »Wir fahren«, und ging.\n:::").is_empty());
    // Unclosed or stray marks are still found, with the closer the
    // language uses.
    assert_eq!(
        hinted("::: {lang=fr}\nIl a dit : « Nous partirons demain.\n:::"),
        [(
            "unbalanced-quote".to_string(),
            "add the closing `»` where the quotation ends".to_string()
        )]
    );
    assert_eq!(
        hinted("::: {lang=de}\nEr sagte: „Wir fahren.\n:::"),
        [(
            "unbalanced-quote".to_string(),
            "add the closing `“` where the quotation ends".to_string()
        )]
    );
    assert_eq!(
        codes("Il a dit : Nous partirons » demain."),
        ["unbalanced-quote"]
    );
    // In English, “ still opens a quotation that must close.
    assert_eq!(codes("He said “Wir fahren and left."), ["unbalanced-quote"]);
    assert_eq!(
        codes("::: {lang=de}\n„Wir gehen.\n:::\n\n„Und dann?“"),
        ["open-quote-continued"]
    );
}

#[test]
fn a_straight_quote_in_a_passage_is_shown_as_its_language_sets_it() {
    assert_eq!(
        hinted("<span lang=\"fr\">\"Plus jamais\"</span>, he said."),
        [
            (
                "straight-quote".to_string(),
                "`“`, which the build sets as `«` in `fr`".to_string()
            ),
            (
                "straight-quote".to_string(),
                "`”`, which the build sets as `»` in `fr`".to_string()
            ),
        ]
    );
    // A `'` after a letter closes an open single quote (as the
    // typography pass reads it) unless a letter follows.
    assert_eq!(
        hinted("::: {lang=de}\nNie wieder 'Krieg', sagt's.\n:::"),
        [
            (
                "straight-quote".to_string(),
                "`‘`, which the build sets as `‚` in `de`".to_string()
            ),
            (
                "straight-quote".to_string(),
                "`’`, which the build sets as `‘` in `de`".to_string()
            ),
            ("straight-quote".to_string(), "`’`".to_string()),
        ]
    );
}

#[test]
fn word_rules_keep_to_the_languages_they_know() {
    assert_eq!(codes("It was the the end."), ["doubled-word"]);
    assert!(codes("::: {lang=fr}\nNous nous sommes vus.\n:::").is_empty());
    assert_eq!(
        codes("::: {lang=fr}\nC'est le le jour.\n:::"),
        ["straight-quote", "doubled-word"]
    );
    // Tagalog doubles words by grammar: not checked.
    assert!(codes("<span lang=\"tl\">araw araw</span> he walked.").is_empty());
    // English function words after a comma, English abbreviations.
    assert_eq!(codes("We went, The end."), ["capital-after-comma"]);
    assert!(codes("::: {lang=nl}\nWij gingen, The Hague.\n:::").is_empty());
    assert!(codes("::: {lang=de}\nWir sahen z. usw. etwas.\n:::").is_empty());
}

#[test]
fn a_sentence_may_start_in_small_capitals() {
    // They print as capitals: `unesco` here reads UNESCO.
    assert_eq!(
        codes("It was 1945. <span class=\"smallcaps\">unesco</span> met."),
        Vec::<String>::new()
    );
    assert_eq!(codes("It was 1945. unesco met."), ["lowercase-after-stop"]);
}

#[test]
fn an_address_after_a_full_stop_keeps_its_own_case() {
    for text in [
        "*CACM* 21 (7): 558–65. <https://doi.org/10.1145/359545.359563>.",
        "558–65. doi:10.1145/359545.359563.",
        "See the site. www.example.org has it.",
        "Write to us. info@example.org answers.",
    ] {
        assert_eq!(codes(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn an_initial_after_a_comma_is_not_a_capitalised_article() {
    // Surname, initials: a bibliography's name list, or prose.
    for text in [
        "Tanenbaum, A. S., and M. van Steen wrote it.",
        "The letter went to Smith, A. and Co.",
    ] {
        assert_eq!(codes(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn an_initial_and_a_range_are_not_doubled_punctuation() {
    // An initial's stop, then the comma of a name list, in prose or
    // a bibliography.
    for text in [
        "Ongaro, D., and J. Ousterhout wrote it.",
        "Tanenbaum, A. S., and M. van Steen wrote it.",
        "It was made in the U.S., and sold.",
    ] {
        let found = codes(text);
        assert!(
            !found.iter().any(|c| c == "doubled-punctuation"),
            "{text}: {found:?}"
        );
    }
    // A range in technical text.
    for text in ["The array V[1..n] holds them.", "Take 1..10 or a..z here."] {
        assert_eq!(codes(text), Vec::<String>::new(), "{text}");
    }
    // A stop before a comma after a word is still doubled.
    assert_eq!(codes("the road., and on."), ["doubled-punctuation"]);
}

#[test]
fn a_hard_line_break_ends_a_line_as_a_paragraph_end_does() {
    // Verse, an address, a signature: a capital after the break is no
    // capital after a comma, a word repeated across it no doubling.
    for text in [
        "> The tide goes out, the tide comes in,\\\n> And what it takes it keeps.",
        "The tide goes out, the tide comes in,  \nAnd what it takes it keeps.",
        "Yours ever,\\\nH. R. Tresillian\\\n*Tresillian & Moyle, Solicitors*",
    ] {
        assert_eq!(codes(text), Vec::<String>::new(), "{text}");
    }
    // On one line, or across a soft break, they are found as before.
    assert_eq!(
        codes("The tide goes out, And it keeps."),
        ["capital-after-comma"]
    );
    assert_eq!(
        codes("The tide goes out,\nAnd it keeps."),
        ["capital-after-comma"]
    );
    assert_eq!(
        codes("H. R. Tresillian\nTresillian wrote."),
        ["doubled-word"]
    );
}

#[test]
fn letters_definitions_and_lines_need_no_final_stop() {
    let quiet = [
        // A salutation, then the letter; a closing, then its signature.
        "> Miss Arden,\n>\n> I should be grateful if you would call.",
        "Dear Sir or Madam,\n\nI write to complain.",
        "> I remain, Madam, your obedient servant,\n>\n> H. R. Tresillian",
        "Your loving brother,\n\nTobias",
        // A signature set in lines.
        "> I remain, Madam, your obedient servant,\\\n> H. R. Tresillian\\\n> *Tresillian & Moyle, Solicitors*",
        // A stanza running on into the next.
        "The boat that lists, the bucket full\\\nof nothing but the sky,\\\nand the gull,\n\nthat stands on one leg.",
        // A definition list.
        "Nell Arden\n: the younger daughter of the house",
        // An inscription under a poem's title, a dateline, a stage direction.
        "## Low Tide at Orford\n\n*for my father*\n\nThe water leaves.",
        "_Paris, 1942_",
        "*Enter Hamlet, reading*",
    ];
    for text in quiet {
        let found = codes(text);
        assert!(
            !found.iter().any(|c| c == "missing-final-punctuation"),
            "{text}: {found:?}"
        );
    }
    // Prose that simply stops is still found: with or without a comma,
    // short or long, a long last line after a stray break.
    let stops = [
        "She walked to the door and did not look back",
        "She walked to the door and looked back at the orchard, at the wall and the sea,\n\nThe next day was fine.",
        "Miss Arden,",
        "She walked,\n\n## Next",
        "It rained.  \nShe walked to the door and did not look back at the orchard or the sea or the house",
        "He went home.\n\nAnd then she",
        // Italic that is not the whole paragraph, or too long for a line.
        "*She* walked to the door and *did not* look back",
        "*She walked to the door and did not look back at the sea*",
    ];
    for text in stops {
        assert!(
            codes(text).iter().any(|c| c == "missing-final-punctuation"),
            "{text}"
        );
    }
}

/// An empty link and a cross reference print their target's words: no
/// doubled space around them, no word to spell.
#[test]
fn an_empty_link_or_a_cross_reference_stands_for_words() {
    assert!(codes("As [](#fig-map) shows, and @tbl-rates too.").is_empty());
    assert_eq!(codes("As [](#fig-map)  shows."), ["doubled-space"]);
}

#[test]
fn spaces_dashes_words_and_punctuation() {
    assert_eq!(codes("a - b."), ["spaced-hyphen"]);
    assert_eq!(codes("in  the way."), ["doubled-space"]);
    assert_eq!(codes("in the the way."), ["doubled-word"]);
    assert_eq!(codes("he had had enough."), Vec::<String>::new());
    assert_eq!(
        codes("“On the road,”. I told him."),
        ["doubled-punctuation"]
    );
    assert_eq!(codes("Wait... and see."), Vec::<String>::new());
    assert_eq!(
        codes("Cambridge, Mass.: Harvard University Press, 1960."),
        Vec::<String>::new()
    );
    assert_eq!(codes("he went home.: and so on."), ["doubled-punctuation"]);
    assert_eq!(codes("he went home.. Then on."), ["doubled-punctuation"]);
    assert_eq!(codes("he went home..Then on."), ["doubled-punctuation"]);
    assert_eq!(codes("to Tirana. with them."), ["lowercase-after-stop"]);
    assert_eq!(
        codes("see p. twelve, etc. and so on."),
        Vec::<String>::new()
    );
    assert_eq!(codes("the company, The Syrian."), ["capital-after-comma"]);
    assert_eq!(codes("the company, A man."), ["capital-after-comma"]);
    // A title in italics starts with its own capital.
    assert!(codes("Her novel, *The Years*, sold well.").is_empty());
    assert!(codes("The paper, _The Times_ said, lost.").is_empty());
    assert_eq!(codes("Mehmet said to him"), ["missing-final-punctuation"]);
    assert_eq!(
        codes("Table: Foundries and their faces"),
        Vec::<String>::new()
    );
    // An attribution under an epigraph or quotation ends bare.
    for attribution in ["--- Samuel Johnson", "— Ecclesiastes 12:12", "*― Anon*"] {
        assert_eq!(codes(attribution), Vec::<String>::new(), "{attribution}");
    }
    assert_eq!(codes("said he -- and left"), ["missing-final-punctuation"]);
}
