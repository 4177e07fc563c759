//! Labels: the words the editions print themselves ("Contents", "Chapter",
//! the imprint's sentences), built in for several languages and
//! overridable from book.toml's `[labels]`.
//!
//! Each language's table gives every key (a unit test holds it to that);
//! a template's `{name}` placeholders are filled by [`fill`]. Phrases that
//! depend on a count come in `-one` and `-other` forms, worded so that
//! languages with more plural forms (Russian) need only one.

use serde::Serialize;

macro_rules! labels {
    ($($field:ident = $key:literal),* $(,)?) => {
        /// Every label, in the book's language, after `[labels]` overrides.
        #[derive(Debug, Clone, Serialize, PartialEq, Eq)]
        #[serde(rename_all = "kebab-case")]
        pub struct Labels {
            $(pub $field: String,)*
        }

        impl Labels {
            /// The keys `[labels]` accepts, in the order of the struct.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The label for `key`, if it is one.
            pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
                match key {
                    $($key => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            fn empty() -> Labels {
                Labels { $($field: String::new(),)* }
            }
        }
    };
}

labels! {
    contents = "contents",
    notes = "notes",
    chapter = "chapter",
    part = "part",
    appendix = "appendix",
    back_to_text = "back-to-text",
    title_page = "title-page",
    imprint = "imprint",
    cover = "cover",
    landmarks = "landmarks",
    start_of_content = "start-of-content",
    dedication = "dedication",
    epigraph = "epigraph",
    foreword = "foreword",
    preface = "preface",
    introduction = "introduction",
    prologue = "prologue",
    acknowledgements = "acknowledgements",
    epilogue = "epilogue",
    afterword = "afterword",
    glossary = "glossary",
    bibliography = "bibliography",
    colophon = "colophon",
    and = "and",
    cover_alt = "cover-alt",
    title_by = "title-by",
    imprint_by = "imprint-by",
    published_by_on = "published-by-on",
    published_by = "published-by",
    published_on = "published-on",
    source_of_text = "source-of-text",
    corrections = "corrections",
    corrections_intro_one = "corrections-intro-one",
    corrections_intro_other = "corrections-intro-other",
    identifier = "identifier",
    first_published = "first-published",
    edition_published_by = "edition-published-by",
    text_from = "text-from",
    corrections_note_one = "corrections-note-one",
    corrections_note_other = "corrections-note-other",
    typeset = "typeset",
    translated_by = "translated-by",
    edited_by = "edited-by",
    illustrated_by = "illustrated-by",
    introduction_by = "introduction-by",
    afterword_by = "afterword-by",
    annotated_by = "annotated-by",
    photographs_by = "photographs-by",
    cover_by = "cover-by",
    compiled_by = "compiled-by",
    contributions_by = "contributions-by",
    series_volume = "series-volume",
    isbn_print = "isbn-print",
    isbn_ebook = "isbn-ebook",
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::english()
    }
}

/// Languages with built-in labels (primary subtags).
pub const BUILT_IN: [&str; 10] = ["en", "fr", "de", "es", "it", "pt", "nl", "sq", "ru", "he"];

const EN: &[(&str, &str)] = &[
    ("contents", "Contents"),
    ("notes", "Notes"),
    ("chapter", "Chapter"),
    ("part", "Part"),
    ("appendix", "Appendix"),
    ("back-to-text", "Back to reference {n}"),
    ("title-page", "Title Page"),
    ("imprint", "Imprint"),
    ("cover", "Cover"),
    ("landmarks", "Landmarks"),
    ("start-of-content", "Start of Content"),
    ("dedication", "Dedication"),
    ("epigraph", "Epigraph"),
    ("foreword", "Foreword"),
    ("preface", "Preface"),
    ("introduction", "Introduction"),
    ("prologue", "Prologue"),
    ("acknowledgements", "Acknowledgements"),
    ("epilogue", "Epilogue"),
    ("afterword", "Afterword"),
    ("glossary", "Glossary"),
    ("bibliography", "Bibliography"),
    ("colophon", "Colophon"),
    ("and", "and"),
    ("cover-alt", "Cover: {title}, by {authors}"),
    ("title-by", "{title} by {authors}"),
    ("imprint-by", "{title}, by {authors}"),
    ("published-by-on", "Published by {publisher}, {date}."),
    ("published-by", "Published by {publisher}."),
    ("published-on", "Published {date}."),
    ("source-of-text", "Source of the text:"),
    ("corrections", "Corrections"),
    ("corrections-intro-one", "This edition corrects {n} error in its source text (original → corrected):"),
    ("corrections-intro-other", "This edition corrects {n} errors in its source text (original → corrected):"),
    ("identifier", "Identifier: {identifier}"),
    ("first-published", "First published {year}."),
    ("edition-published-by", "This edition published by {publisher}."),
    ("text-from", "Text from {source}"),
    ("corrections-note-one", "This edition corrects {n} misreading of the source text, such as “{original}” for “{corrected}”; the list of corrections, with the original readings, is published with the edition’s source."),
    ("corrections-note-other", "This edition corrects {n} misreadings of the source text, such as “{original}” for “{corrected}”; the list of corrections, with the original readings, is published with the edition’s source."),
    ("typeset", "Set in {font}, {size}/{leading} pt, and typeset by bookpack."),
    ("translated-by", "Translated by {names}"),
    ("edited-by", "Edited by {names}"),
    ("illustrated-by", "Illustrated by {names}"),
    ("introduction-by", "With an introduction by {names}"),
    ("afterword-by", "With an afterword by {names}"),
    ("annotated-by", "Annotated by {names}"),
    ("photographs-by", "Photographs by {names}"),
    ("cover-by", "Cover design by {names}"),
    ("compiled-by", "Compiled by {names}"),
    ("contributions-by", "With contributions by {names}"),
    ("series-volume", "{series}, volume {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (ebook)"),
];

/// U+202F, the narrow no-break space French sets before `;:!?` and inside guillemets.
const FR: &[(&str, &str)] = &[
    ("contents", "Table des matières"),
    ("notes", "Notes"),
    ("chapter", "Chapitre"),
    ("part", "Partie"),
    ("appendix", "Annexe"),
    ("back-to-text", "Retour à l’appel de note {n}"),
    ("title-page", "Page de titre"),
    ("imprint", "Mentions légales"),
    ("cover", "Couverture"),
    ("landmarks", "Repères"),
    ("start-of-content", "Début du texte"),
    ("dedication", "Dédicace"),
    ("epigraph", "Épigraphe"),
    ("foreword", "Avant-propos"),
    ("preface", "Préface"),
    ("introduction", "Introduction"),
    ("prologue", "Prologue"),
    ("acknowledgements", "Remerciements"),
    ("epilogue", "Épilogue"),
    ("afterword", "Postface"),
    ("glossary", "Glossaire"),
    ("bibliography", "Bibliographie"),
    ("colophon", "Achevé d’imprimer"),
    ("and", "et"),
    ("cover-alt", "Couverture\u{202f}: {title}, par {authors}"),
    ("title-by", "{title} par {authors}"),
    ("imprint-by", "{title}, par {authors}"),
    ("published-by-on", "Publié par {publisher}, {date}."),
    ("published-by", "Publié par {publisher}."),
    ("published-on", "Publié en {date}."),
    ("source-of-text", "Source du texte\u{202f}:"),
    ("corrections", "Corrections"),
    ("corrections-intro-one", "Cette édition corrige {n} erreur de son texte source (original → corrigé)\u{202f}:"),
    ("corrections-intro-other", "Cette édition corrige {n} erreurs de son texte source (original → corrigé)\u{202f}:"),
    ("identifier", "Identifiant\u{202f}: {identifier}"),
    ("first-published", "Première publication en {year}."),
    ("edition-published-by", "Cette édition est publiée par {publisher}."),
    ("text-from", "Texte tiré de {source}"),
    ("corrections-note-one", "Cette édition corrige {n} erreur de lecture du texte source, par exemple «\u{202f}{corrected}\u{202f}» au lieu de «\u{202f}{original}\u{202f}»\u{202f}; la liste des corrections, avec les leçons originales, est publiée avec les sources de l’édition."),
    ("corrections-note-other", "Cette édition corrige {n} erreurs de lecture du texte source, par exemple «\u{202f}{corrected}\u{202f}» au lieu de «\u{202f}{original}\u{202f}»\u{202f}; la liste des corrections, avec les leçons originales, est publiée avec les sources de l’édition."),
    ("typeset", "Composé en {font}, {size}/{leading} pt, par bookpack."),
    ("translated-by", "Traduit par {names}"),
    ("edited-by", "Édition établie par {names}"),
    ("illustrated-by", "Illustrations de {names}"),
    ("introduction-by", "Introduction de {names}"),
    ("afterword-by", "Postface de {names}"),
    ("annotated-by", "Notes de {names}"),
    ("photographs-by", "Photographies de {names}"),
    ("cover-by", "Couverture de {names}"),
    ("compiled-by", "Textes réunis par {names}"),
    ("contributions-by", "Avec la collaboration de {names}"),
    ("series-volume", "{series}, tome {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (livre numérique)"),
];

const DE: &[(&str, &str)] = &[
    ("contents", "Inhalt"),
    ("notes", "Anmerkungen"),
    ("chapter", "Kapitel"),
    ("part", "Teil"),
    ("appendix", "Anhang"),
    ("back-to-text", "Zurück zum Verweis {n}"),
    ("title-page", "Titelseite"),
    ("imprint", "Impressum"),
    ("cover", "Umschlag"),
    ("landmarks", "Orientierungspunkte"),
    ("start-of-content", "Textbeginn"),
    ("dedication", "Widmung"),
    ("epigraph", "Motto"),
    ("foreword", "Geleitwort"),
    ("preface", "Vorwort"),
    ("introduction", "Einleitung"),
    ("prologue", "Prolog"),
    ("acknowledgements", "Danksagung"),
    ("epilogue", "Epilog"),
    ("afterword", "Nachwort"),
    ("glossary", "Glossar"),
    ("bibliography", "Literaturverzeichnis"),
    ("colophon", "Kolophon"),
    ("and", "und"),
    ("cover-alt", "Umschlag: {title}, von {authors}"),
    ("title-by", "{title} von {authors}"),
    ("imprint-by", "{title}, von {authors}"),
    ("published-by-on", "Erschienen bei {publisher}, {date}."),
    ("published-by", "Erschienen bei {publisher}."),
    ("published-on", "Erschienen {date}."),
    ("source-of-text", "Textquelle:"),
    ("corrections", "Korrekturen"),
    ("corrections-intro-one", "Diese Ausgabe berichtigt {n} Fehler ihrer Textvorlage (Original → berichtigt):"),
    ("corrections-intro-other", "Diese Ausgabe berichtigt {n} Fehler ihrer Textvorlage (Original → berichtigt):"),
    ("identifier", "Kennung: {identifier}"),
    ("first-published", "Erstmals erschienen {year}."),
    ("edition-published-by", "Diese Ausgabe erscheint bei {publisher}."),
    ("text-from", "Text nach {source}"),
    ("corrections-note-one", "Diese Ausgabe berichtigt {n} Lesefehler der Textvorlage, etwa „{corrected}“ statt „{original}“; die Liste der Korrekturen mit den ursprünglichen Lesarten wird mit den Quellen der Ausgabe veröffentlicht."),
    ("corrections-note-other", "Diese Ausgabe berichtigt {n} Lesefehler der Textvorlage, etwa „{corrected}“ statt „{original}“; die Liste der Korrekturen mit den ursprünglichen Lesarten wird mit den Quellen der Ausgabe veröffentlicht."),
    ("typeset", "Gesetzt aus der {font}, {size}/{leading} pt, mit bookpack."),
    ("translated-by", "Übersetzt von {names}"),
    ("edited-by", "Herausgegeben von {names}"),
    ("illustrated-by", "Illustriert von {names}"),
    ("introduction-by", "Mit einer Einleitung von {names}"),
    ("afterword-by", "Mit einem Nachwort von {names}"),
    ("annotated-by", "Kommentiert von {names}"),
    ("photographs-by", "Fotografien von {names}"),
    ("cover-by", "Umschlaggestaltung: {names}"),
    ("compiled-by", "Zusammengestellt von {names}"),
    ("contributions-by", "Unter Mitarbeit von {names}"),
    ("series-volume", "{series}, Band {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (E-Book)"),
];

const ES: &[(&str, &str)] = &[
    ("contents", "Índice"),
    ("notes", "Notas"),
    ("chapter", "Capítulo"),
    ("part", "Parte"),
    ("appendix", "Apéndice"),
    ("back-to-text", "Volver a la llamada {n}"),
    ("title-page", "Portada"),
    ("imprint", "Créditos"),
    ("cover", "Cubierta"),
    ("landmarks", "Puntos de referencia"),
    ("start-of-content", "Inicio del texto"),
    ("dedication", "Dedicatoria"),
    ("epigraph", "Epígrafe"),
    ("foreword", "Presentación"),
    ("preface", "Prefacio"),
    ("introduction", "Introducción"),
    ("prologue", "Prólogo"),
    ("acknowledgements", "Agradecimientos"),
    ("epilogue", "Epílogo"),
    ("afterword", "Posfacio"),
    ("glossary", "Glosario"),
    ("bibliography", "Bibliografía"),
    ("colophon", "Colofón"),
    ("and", "y"),
    ("cover-alt", "Cubierta: {title}, de {authors}"),
    ("title-by", "{title}, de {authors}"),
    ("imprint-by", "{title}, de {authors}"),
    ("published-by-on", "Publicado por {publisher}, {date}."),
    ("published-by", "Publicado por {publisher}."),
    ("published-on", "Publicado en {date}."),
    ("source-of-text", "Fuente del texto:"),
    ("corrections", "Correcciones"),
    ("corrections-intro-one", "Esta edición corrige {n} error de su texto fuente (original → corregido):"),
    ("corrections-intro-other", "Esta edición corrige {n} errores de su texto fuente (original → corregido):"),
    ("identifier", "Identificador: {identifier}"),
    ("first-published", "Publicado por primera vez en {year}."),
    ("edition-published-by", "Esta edición ha sido publicada por {publisher}."),
    ("text-from", "Texto tomado de {source}"),
    ("corrections-note-one", "Esta edición corrige {n} error de lectura del texto fuente, como «{corrected}» en lugar de «{original}»; la lista de correcciones, con las lecturas originales, se publica con las fuentes de la edición."),
    ("corrections-note-other", "Esta edición corrige {n} errores de lectura del texto fuente, como «{corrected}» en lugar de «{original}»; la lista de correcciones, con las lecturas originales, se publica con las fuentes de la edición."),
    ("typeset", "Compuesto en {font}, {size}/{leading} pt, con bookpack."),
    ("translated-by", "Traducción de {names}"),
    ("edited-by", "Edición de {names}"),
    ("illustrated-by", "Ilustraciones de {names}"),
    ("introduction-by", "Introducción de {names}"),
    ("afterword-by", "Posfacio de {names}"),
    ("annotated-by", "Notas de {names}"),
    ("photographs-by", "Fotografías de {names}"),
    ("cover-by", "Diseño de cubierta: {names}"),
    ("compiled-by", "Compilación de {names}"),
    ("contributions-by", "Con la colaboración de {names}"),
    ("series-volume", "{series}, volumen {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (libro electrónico)"),
];

const IT: &[(&str, &str)] = &[
    ("contents", "Indice"),
    ("notes", "Note"),
    ("chapter", "Capitolo"),
    ("part", "Parte"),
    ("appendix", "Appendice"),
    ("back-to-text", "Torna al richiamo {n}"),
    ("title-page", "Frontespizio"),
    ("imprint", "Crediti"),
    ("cover", "Copertina"),
    ("landmarks", "Punti di riferimento"),
    ("start-of-content", "Inizio del testo"),
    ("dedication", "Dedica"),
    ("epigraph", "Epigrafe"),
    ("foreword", "Premessa"),
    ("preface", "Prefazione"),
    ("introduction", "Introduzione"),
    ("prologue", "Prologo"),
    ("acknowledgements", "Ringraziamenti"),
    ("epilogue", "Epilogo"),
    ("afterword", "Postfazione"),
    ("glossary", "Glossario"),
    ("bibliography", "Bibliografia"),
    ("colophon", "Colophon"),
    ("and", "e"),
    ("cover-alt", "Copertina: {title}, di {authors}"),
    ("title-by", "{title} di {authors}"),
    ("imprint-by", "{title}, di {authors}"),
    ("published-by-on", "Pubblicato da {publisher}, {date}."),
    ("published-by", "Pubblicato da {publisher}."),
    ("published-on", "Pubblicato nel {date}."),
    ("source-of-text", "Fonte del testo:"),
    ("corrections", "Correzioni"),
    ("corrections-intro-one", "Questa edizione corregge {n} errore del testo di partenza (originale → corretto):"),
    ("corrections-intro-other", "Questa edizione corregge {n} errori del testo di partenza (originale → corretto):"),
    ("identifier", "Identificatore: {identifier}"),
    ("first-published", "Prima pubblicazione: {year}."),
    ("edition-published-by", "Questa edizione è pubblicata da {publisher}."),
    ("text-from", "Testo tratto da {source}"),
    ("corrections-note-one", "Questa edizione corregge {n} errore di lettura del testo di partenza, come «{corrected}» invece di «{original}»; l’elenco delle correzioni, con le lezioni originali, è pubblicato con i sorgenti dell’edizione."),
    ("corrections-note-other", "Questa edizione corregge {n} errori di lettura del testo di partenza, come «{corrected}» invece di «{original}»; l’elenco delle correzioni, con le lezioni originali, è pubblicato con i sorgenti dell’edizione."),
    ("typeset", "Composto in {font}, {size}/{leading} pt, con bookpack."),
    ("translated-by", "Traduzione di {names}"),
    ("edited-by", "A cura di {names}"),
    ("illustrated-by", "Illustrazioni di {names}"),
    ("introduction-by", "Introduzione di {names}"),
    ("afterword-by", "Postfazione di {names}"),
    ("annotated-by", "Note di {names}"),
    ("photographs-by", "Fotografie di {names}"),
    ("cover-by", "Copertina di {names}"),
    ("compiled-by", "Raccolta a cura di {names}"),
    ("contributions-by", "Con la collaborazione di {names}"),
    ("series-volume", "{series}, volume {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (ebook)"),
];

const PT: &[(&str, &str)] = &[
    ("contents", "Índice"),
    ("notes", "Notas"),
    ("chapter", "Capítulo"),
    ("part", "Parte"),
    ("appendix", "Apêndice"),
    ("back-to-text", "Voltar à chamada {n}"),
    ("title-page", "Folha de rosto"),
    ("imprint", "Ficha técnica"),
    ("cover", "Capa"),
    ("landmarks", "Pontos de referência"),
    ("start-of-content", "Início do texto"),
    ("dedication", "Dedicatória"),
    ("epigraph", "Epígrafe"),
    ("foreword", "Apresentação"),
    ("preface", "Prefácio"),
    ("introduction", "Introdução"),
    ("prologue", "Prólogo"),
    ("acknowledgements", "Agradecimentos"),
    ("epilogue", "Epílogo"),
    ("afterword", "Posfácio"),
    ("glossary", "Glossário"),
    ("bibliography", "Bibliografia"),
    ("colophon", "Cólofon"),
    ("and", "e"),
    ("cover-alt", "Capa: {title}, de {authors}"),
    ("title-by", "{title}, de {authors}"),
    ("imprint-by", "{title}, de {authors}"),
    ("published-by-on", "Publicado por {publisher}, {date}."),
    ("published-by", "Publicado por {publisher}."),
    ("published-on", "Publicado em {date}."),
    ("source-of-text", "Fonte do texto:"),
    ("corrections", "Correções"),
    ("corrections-intro-one", "Esta edição corrige {n} erro do texto de origem (original → corrigido):"),
    ("corrections-intro-other", "Esta edição corrige {n} erros do texto de origem (original → corrigido):"),
    ("identifier", "Identificador: {identifier}"),
    ("first-published", "Publicado pela primeira vez em {year}."),
    ("edition-published-by", "Esta edição é publicada por {publisher}."),
    ("text-from", "Texto retirado de {source}"),
    ("corrections-note-one", "Esta edição corrige {n} erro de leitura do texto de origem, como «{corrected}» em vez de «{original}»; a lista de correções, com as leituras originais, é publicada com as fontes da edição."),
    ("corrections-note-other", "Esta edição corrige {n} erros de leitura do texto de origem, como «{corrected}» em vez de «{original}»; a lista de correções, com as leituras originais, é publicada com as fontes da edição."),
    ("typeset", "Composto em {font}, {size}/{leading} pt, com bookpack."),
    ("translated-by", "Tradução de {names}"),
    ("edited-by", "Edição de {names}"),
    ("illustrated-by", "Ilustrações de {names}"),
    ("introduction-by", "Introdução de {names}"),
    ("afterword-by", "Posfácio de {names}"),
    ("annotated-by", "Notas de {names}"),
    ("photographs-by", "Fotografias de {names}"),
    ("cover-by", "Capa de {names}"),
    ("compiled-by", "Compilação de {names}"),
    ("contributions-by", "Com a colaboração de {names}"),
    ("series-volume", "{series}, volume {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (e-book)"),
];

const NL: &[(&str, &str)] = &[
    ("contents", "Inhoud"),
    ("notes", "Noten"),
    ("chapter", "Hoofdstuk"),
    ("part", "Deel"),
    ("appendix", "Bijlage"),
    ("back-to-text", "Terug naar verwijzing {n}"),
    ("title-page", "Titelpagina"),
    ("imprint", "Colofon"),
    ("cover", "Omslag"),
    ("landmarks", "Oriëntatiepunten"),
    ("start-of-content", "Begin van de tekst"),
    ("dedication", "Opdracht"),
    ("epigraph", "Motto"),
    ("foreword", "Woord vooraf"),
    ("preface", "Voorwoord"),
    ("introduction", "Inleiding"),
    ("prologue", "Proloog"),
    ("acknowledgements", "Dankwoord"),
    ("epilogue", "Epiloog"),
    ("afterword", "Nawoord"),
    ("glossary", "Verklarende woordenlijst"),
    ("bibliography", "Bibliografie"),
    ("colophon", "Verantwoording"),
    ("and", "en"),
    ("cover-alt", "Omslag: {title}, door {authors}"),
    ("title-by", "{title} door {authors}"),
    ("imprint-by", "{title}, door {authors}"),
    ("published-by-on", "Uitgegeven door {publisher}, {date}."),
    ("published-by", "Uitgegeven door {publisher}."),
    ("published-on", "Uitgegeven in {date}."),
    ("source-of-text", "Bron van de tekst:"),
    ("corrections", "Correcties"),
    ("corrections-intro-one", "Deze uitgave verbetert {n} fout in de brontekst (origineel → verbeterd):"),
    ("corrections-intro-other", "Deze uitgave verbetert {n} fouten in de brontekst (origineel → verbeterd):"),
    ("identifier", "Identificatie: {identifier}"),
    ("first-published", "Oorspronkelijk verschenen in {year}."),
    ("edition-published-by", "Deze uitgave verschijnt bij {publisher}."),
    ("text-from", "Tekst naar {source}"),
    ("corrections-note-one", "Deze uitgave verbetert {n} leesfout in de brontekst, zoals “{corrected}” in plaats van “{original}”; de lijst van correcties, met de oorspronkelijke lezingen, wordt met de bronbestanden van de uitgave gepubliceerd."),
    ("corrections-note-other", "Deze uitgave verbetert {n} leesfouten in de brontekst, zoals “{corrected}” in plaats van “{original}”; de lijst van correcties, met de oorspronkelijke lezingen, wordt met de bronbestanden van de uitgave gepubliceerd."),
    ("typeset", "Gezet uit de {font}, {size}/{leading} pt, met bookpack."),
    ("translated-by", "Vertaald door {names}"),
    ("edited-by", "Bezorgd door {names}"),
    ("illustrated-by", "Geïllustreerd door {names}"),
    ("introduction-by", "Met een inleiding van {names}"),
    ("afterword-by", "Met een nawoord van {names}"),
    ("annotated-by", "Geannoteerd door {names}"),
    ("photographs-by", "Foto’s van {names}"),
    ("cover-by", "Omslagontwerp: {names}"),
    ("compiled-by", "Samengesteld door {names}"),
    ("contributions-by", "Met bijdragen van {names}"),
    ("series-volume", "{series}, deel {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (e-book)"),
];

const SQ: &[(&str, &str)] = &[
    ("contents", "Përmbajtja"),
    ("notes", "Shënime"),
    ("chapter", "Kapitulli"),
    ("part", "Pjesa"),
    ("appendix", "Shtojca"),
    ("back-to-text", "Kthehu te teksti {n}"),
    ("title-page", "Faqja e titullit"),
    ("imprint", "Të dhëna botimi"),
    ("cover", "Kopertina"),
    ("landmarks", "Pika orientuese"),
    ("start-of-content", "Fillimi i tekstit"),
    ("dedication", "Kushtim"),
    ("epigraph", "Epigraf"),
    ("foreword", "Fjala hyrëse"),
    ("preface", "Parathënie"),
    ("introduction", "Hyrje"),
    ("prologue", "Prolog"),
    ("acknowledgements", "Falënderime"),
    ("epilogue", "Epilog"),
    ("afterword", "Pasthënie"),
    ("glossary", "Fjalorth"),
    ("bibliography", "Bibliografi"),
    ("colophon", "Kolofon"),
    ("and", "dhe"),
    ("cover-alt", "Kopertina: {title}, nga {authors}"),
    ("title-by", "{title} nga {authors}"),
    ("imprint-by", "{title}, nga {authors}"),
    ("published-by-on", "Botuar nga {publisher}, {date}."),
    ("published-by", "Botuar nga {publisher}."),
    ("published-on", "Botuar më {date}."),
    ("source-of-text", "Burimi i tekstit:"),
    ("corrections", "Korrigjime"),
    ("corrections-intro-one", "Ky botim korrigjon {n} gabim në tekstin burimor (origjinali → i korrigjuar):"),
    ("corrections-intro-other", "Ky botim korrigjon {n} gabime në tekstin burimor (origjinali → i korrigjuar):"),
    ("identifier", "Identifikuesi: {identifier}"),
    ("first-published", "Botuar për herë të parë më {year}."),
    ("edition-published-by", "Ky botim është nxjerrë nga {publisher}."),
    ("text-from", "Teksti sipas {source}"),
    ("corrections-note-one", "Ky botim korrigjon {n} lexim të gabuar të tekstit burimor, si „{corrected}“ në vend të „{original}“; lista e korrigjimeve, me leximet origjinale, botohet bashkë me burimet e botimit."),
    ("corrections-note-other", "Ky botim korrigjon {n} lexime të gabuara të tekstit burimor, si „{corrected}“ në vend të „{original}“; lista e korrigjimeve, me leximet origjinale, botohet bashkë me burimet e botimit."),
    ("typeset", "Faqosur me shkronjat {font}, {size}/{leading} pt, me bookpack."),
    ("translated-by", "Përktheu {names}"),
    ("edited-by", "Redaktoi {names}"),
    ("illustrated-by", "Ilustroi {names}"),
    ("introduction-by", "Me një hyrje nga {names}"),
    ("afterword-by", "Me një pasthënie nga {names}"),
    ("annotated-by", "Shënimet nga {names}"),
    ("photographs-by", "Fotografitë nga {names}"),
    ("cover-by", "Kopertina nga {names}"),
    ("compiled-by", "Përgatiti {names}"),
    ("contributions-by", "Me kontribute nga {names}"),
    ("series-volume", "{series}, vëllimi {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (libër elektronik)"),
];

const RU: &[(&str, &str)] = &[
    ("contents", "Содержание"),
    ("notes", "Примечания"),
    ("chapter", "Глава"),
    ("part", "Часть"),
    ("appendix", "Приложение"),
    ("back-to-text", "Назад к ссылке {n}"),
    ("title-page", "Титульный лист"),
    ("imprint", "Выходные данные"),
    ("cover", "Обложка"),
    ("landmarks", "Ориентиры"),
    ("start-of-content", "Начало текста"),
    ("dedication", "Посвящение"),
    ("epigraph", "Эпиграф"),
    ("foreword", "Вступительное слово"),
    ("preface", "Предисловие"),
    ("introduction", "Введение"),
    ("prologue", "Пролог"),
    ("acknowledgements", "Благодарности"),
    ("epilogue", "Эпилог"),
    ("afterword", "Послесловие"),
    ("glossary", "Глоссарий"),
    ("bibliography", "Библиография"),
    ("colophon", "Колофон"),
    ("and", "и"),
    ("cover-alt", "Обложка: {authors}. {title}"),
    ("title-by", "{authors}. {title}"),
    ("imprint-by", "{authors}. {title}"),
    ("published-by-on", "Издательство {publisher}, {date}."),
    ("published-by", "Издательство {publisher}."),
    ("published-on", "Дата издания: {date}."),
    ("source-of-text", "Источник текста:"),
    ("corrections", "Исправления"),
    ("corrections-intro-one", "Исправлено ошибок исходного текста: {n} (оригинал → исправлено):"),
    ("corrections-intro-other", "Исправлено ошибок исходного текста: {n} (оригинал → исправлено):"),
    ("identifier", "Идентификатор: {identifier}"),
    ("first-published", "Впервые опубликовано в {year} г."),
    ("edition-published-by", "Издатель: {publisher}."),
    ("text-from", "Текст по изданию: {source}"),
    ("corrections-note-one", "Исправлено ошибок чтения исходного текста: {n}, например «{corrected}» вместо «{original}»; список исправлений с исходными чтениями опубликован вместе с исходными файлами издания."),
    ("corrections-note-other", "Исправлено ошибок чтения исходного текста: {n}, например «{corrected}» вместо «{original}»; список исправлений с исходными чтениями опубликован вместе с исходными файлами издания."),
    ("typeset", "Набрано шрифтом {font}, {size}/{leading} пт, программой bookpack."),
    ("translated-by", "Перевод: {names}"),
    ("edited-by", "Редактор: {names}"),
    ("illustrated-by", "Иллюстрации: {names}"),
    ("introduction-by", "Вступительная статья: {names}"),
    ("afterword-by", "Послесловие: {names}"),
    ("annotated-by", "Примечания: {names}"),
    ("photographs-by", "Фотографии: {names}"),
    ("cover-by", "Оформление обложки: {names}"),
    ("compiled-by", "Составитель: {names}"),
    ("contributions-by", "При участии: {names}"),
    ("series-volume", "{series}, том {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (электронная книга)"),
];

const HE: &[(&str, &str)] = &[
    ("contents", "תוכן העניינים"),
    ("notes", "הערות"),
    ("chapter", "פרק"),
    ("part", "חלק"),
    ("appendix", "נספח"),
    ("back-to-text", "חזרה להפניה {n}"),
    ("title-page", "עמוד השער"),
    ("imprint", "פרטי ההוצאה"),
    ("cover", "כריכה"),
    ("landmarks", "ציוני דרך"),
    ("start-of-content", "תחילת הטקסט"),
    ("dedication", "הקדשה"),
    ("epigraph", "מוטו"),
    ("foreword", "דברי פתיחה"),
    ("preface", "פתח דבר"),
    ("introduction", "מבוא"),
    ("prologue", "פרולוג"),
    ("acknowledgements", "תודות"),
    ("epilogue", "אפילוג"),
    ("afterword", "אחרית דבר"),
    ("glossary", "מילון מונחים"),
    ("bibliography", "ביבליוגרפיה"),
    ("colophon", "קולופון"),
    // A prefix: joined to the last name (see `Labels::join_names`).
    ("and", "ו"),
    ("cover-alt", "כריכה: {title}, מאת {authors}"),
    ("title-by", "{title} מאת {authors}"),
    ("imprint-by", "{title}, מאת {authors}"),
    ("published-by-on", "יצא לאור בהוצאת {publisher}, {date}."),
    ("published-by", "יצא לאור בהוצאת {publisher}."),
    ("published-on", "תאריך ההוצאה: {date}."),
    ("source-of-text", "מקור הטקסט:"),
    ("corrections", "תיקונים"),
    ("corrections-intro-one", "טעויות בטקסט המקור שתוקנו במהדורה זו: {n} (במקור ← מתוקן):"),
    ("corrections-intro-other", "טעויות בטקסט המקור שתוקנו במהדורה זו: {n} (במקור ← מתוקן):"),
    ("identifier", "מזהה: {identifier}"),
    ("first-published", "יצא לאור לראשונה בשנת {year}."),
    ("edition-published-by", "מהדורה זו יצאה לאור בהוצאת {publisher}."),
    ("text-from", "הטקסט על פי {source}"),
    ("corrections-note-one", "שגיאות קריאה בטקסט המקור שתוקנו במהדורה זו: {n}, למשל „{corrected}” במקום „{original}”; רשימת התיקונים, עם הקריאות המקוריות, מתפרסמת יחד עם קובצי המקור של המהדורה."),
    ("corrections-note-other", "שגיאות קריאה בטקסט המקור שתוקנו במהדורה זו: {n}, למשל „{corrected}” במקום „{original}”; רשימת התיקונים, עם הקריאות המקוריות, מתפרסמת יחד עם קובצי המקור של המהדורה."),
    ("typeset", "סודר באות {font}, {size}/{leading} נק׳, בתוכנת bookpack."),
    ("translated-by", "תרגום: {names}"),
    ("edited-by", "עריכה: {names}"),
    ("illustrated-by", "איורים: {names}"),
    ("introduction-by", "מבוא: {names}"),
    ("afterword-by", "אחרית דבר: {names}"),
    ("annotated-by", "הערות: {names}"),
    ("photographs-by", "צילומים: {names}"),
    ("cover-by", "עיצוב הכריכה: {names}"),
    ("compiled-by", "ליקוט: {names}"),
    ("contributions-by", "בהשתתפות {names}"),
    ("series-volume", "{series}, כרך {position}"),
    ("isbn-print", "ISBN {isbn}"),
    ("isbn-ebook", "ISBN {isbn} (ספר אלקטרוני)"),
];

fn table(primary: &str) -> Option<&'static [(&'static str, &'static str)]> {
    Some(match primary {
        "en" => EN,
        "fr" => FR,
        "de" => DE,
        "es" => ES,
        "it" => IT,
        "pt" => PT,
        "nl" => NL,
        "sq" => SQ,
        "ru" => RU,
        // `iw` is Hebrew's withdrawn tag, still met in old files.
        "he" | "iw" => HE,
        _ => return None,
    })
}

/// The primary language subtag of a BCP 47 tag, lower-case: `en-GB` → `en`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Labels {
    /// The built-in labels for `language` (a BCP 47 tag), or `None` when
    /// bookpack has none for it.
    pub fn built_in(language: &str) -> Option<Labels> {
        let pairs = table(&primary(language))?;
        let mut labels = Labels::english();
        for (key, value) in pairs {
            *labels.get_mut(key).expect("built-in keys are known") = value.to_string();
        }
        Some(labels)
    }

    /// The English labels: the fallback for any language without its own.
    pub fn english() -> Labels {
        let mut labels = Labels::empty();
        for (key, value) in EN {
            *labels.get_mut(key).expect("built-in keys are known") = value.to_string();
        }
        labels
    }

    /// The label naming a kind of file (landmarks, untitled navigation entries).
    pub fn kind(&self, kind: crate::model::ChapterKind) -> &str {
        use crate::model::ChapterKind as K;
        match kind {
            K::Chapter => &self.chapter,
            K::Part => &self.part,
            K::Dedication => &self.dedication,
            K::Epigraph => &self.epigraph,
            K::Foreword => &self.foreword,
            K::Preface => &self.preface,
            K::Introduction => &self.introduction,
            K::Prologue => &self.prologue,
            K::Acknowledgements => &self.acknowledgements,
            K::Epilogue => &self.epilogue,
            K::Afterword => &self.afterword,
            K::Appendix => &self.appendix,
            K::Glossary => &self.glossary,
            K::Bibliography => &self.bibliography,
            K::Colophon => &self.colophon,
        }
    }

    /// The phrase crediting contributors of `role`, e.g. "Translated by {names}".
    pub fn credit(&self, role: crate::model::ContributorRole) -> &str {
        self.credit_entry(role).1
    }

    /// [`credit`](Labels::credit) with its `[labels]` key.
    pub fn credit_entry(&self, role: crate::model::ContributorRole) -> (&'static str, &str) {
        use crate::model::ContributorRole as R;
        match role {
            R::Translator => ("translated-by", &self.translated_by),
            R::Editor => ("edited-by", &self.edited_by),
            R::Illustrator => ("illustrated-by", &self.illustrated_by),
            R::Introduction => ("introduction-by", &self.introduction_by),
            R::Afterword => ("afterword-by", &self.afterword_by),
            R::Annotator => ("annotated-by", &self.annotated_by),
            R::Photographer => ("photographs-by", &self.photographs_by),
            R::CoverDesigner => ("cover-by", &self.cover_by),
            R::Compiler => ("compiled-by", &self.compiled_by),
            R::Contributor => ("contributions-by", &self.contributions_by),
        }
    }

    /// Names joined for display: "A", "A and B", "A, B and C".
    pub fn join_names(&self, names: &[&str]) -> String {
        // Hebrew's and Arabic's "and" is a one-letter prefix (ו, و),
        // written joined to the word after it.
        let mut letters = self.and.chars();
        let prefix = matches!(
            (letters.next(), letters.next()),
            (Some('\u{0590}'..='\u{06FF}'), None)
        );
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => last.to_string(),
            Some((last, rest)) if prefix => format!("{} {}{last}", rest.join(", "), self.and),
            Some((last, rest)) => format!("{} {} {last}", rest.join(", "), self.and),
        }
    }
}

impl Labels {
    /// One line per role, in the order roles first appear: "Translated by
    /// Ann Lee and Bo Sample".
    pub fn credits(&self, contributors: &[crate::model::Contributor]) -> Vec<String> {
        let mut roles: Vec<crate::model::ContributorRole> = Vec::new();
        for c in contributors {
            if !roles.contains(&c.role) {
                roles.push(c.role);
            }
        }
        roles
            .into_iter()
            .map(|role| {
                let names: Vec<&str> = contributors
                    .iter()
                    .filter(|c| c.role == role)
                    .map(|c| c.name.as_str())
                    .collect();
                fill(self.credit(role), &[("names", &self.join_names(&names))])
            })
            .collect()
    }

    /// The series as printed: "Works, volume 3", or its name alone.
    pub fn series(&self, series: &crate::model::Series) -> String {
        match &series.position {
            Some(p) => fill(
                &self.series_volume,
                &[("series", &series.name), ("position", p)],
            ),
            None => series.name.clone(),
        }
    }
}

/// One piece of a filled template: literal text, or the value of a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A placeholder's name (without braces).
    Value(&'a str),
}

/// Splits a template into literal text and `{name}` placeholders, so a
/// backend can set a value in its own style (the title in italics).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            out.push(Piece::Text(&rest[..open + 1]));
            rest = &rest[open + 1..];
            continue;
        }
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(name));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Fills a template's placeholders from `values`; an unknown one stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(name) => match values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The placeholders a label's template may use (empty: none).
pub fn placeholders(key: &str) -> &'static [&'static str] {
    match key {
        "back-to-text" => &["n"],
        "cover-alt" | "title-by" | "imprint-by" => &["title", "authors"],
        "published-by-on" => &["publisher", "date"],
        "published-by" | "edition-published-by" => &["publisher"],
        "published-on" => &["date"],
        "corrections-intro-one" | "corrections-intro-other" => &["n"],
        "corrections-note-one" | "corrections-note-other" => &["n", "original", "corrected"],
        "identifier" => &["identifier"],
        "first-published" => &["year"],
        "text-from" => &["source"],
        "typeset" => &["font", "size", "leading"],
        "series-volume" => &["series", "position"],
        "isbn-print" | "isbn-ebook" => &["isbn"],
        k if k.ends_with("-by") => &["names"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gives_every_key_once_with_its_placeholders() {
        for lang in BUILT_IN {
            let pairs = table(lang).unwrap();
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, Labels::KEYS, "{lang}: keys in the struct's order");
            for (key, value) in pairs {
                assert!(!value.trim().is_empty(), "{lang} {key}");
                let used: Vec<&str> = pieces(value)
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Value(v) => Some(v),
                        Piece::Text(_) => None,
                    })
                    .collect();
                for name in &used {
                    assert!(
                        placeholders(key).contains(name),
                        "{lang} {key}: unknown {{{name}}}"
                    );
                }
                // Every placeholder the English uses is kept: no fact is lost.
                let english = EN.iter().find(|(k, _)| k == key).unwrap().1;
                for piece in pieces(english) {
                    if let Piece::Value(v) = piece {
                        assert!(used.contains(&v), "{lang} {key} drops {{{v}}}");
                    }
                }
            }
        }
    }

    #[test]
    fn languages_are_found_by_primary_subtag() {
        assert_eq!(
            Labels::built_in("fr-CA").unwrap().contents,
            "Table des matières"
        );
        assert_eq!(Labels::built_in("sq").unwrap().notes, "Shënime");
        assert_eq!(Labels::built_in("ru").unwrap().chapter, "Глава");
        assert_eq!(Labels::built_in("en-GB").unwrap(), Labels::english());
        assert!(Labels::built_in("tlh").is_none());
    }

    #[test]
    fn templates_fill_and_split() {
        assert_eq!(
            fill(
                "Published by {publisher}, {date}.",
                &[("publisher", "P"), ("date", "1980")]
            ),
            "Published by P, 1980."
        );
        assert_eq!(fill("{x} {y}", &[("x", "1")]), "1 {y}");
        assert_eq!(
            pieces("{title} by {authors}"),
            vec![
                Piece::Value("title"),
                Piece::Text(" by "),
                Piece::Value("authors")
            ]
        );
        assert_eq!(
            pieces("a {B} c"),
            vec![Piece::Text("a {"), Piece::Text("B} c")]
        );
    }

    #[test]
    fn names_join_in_the_language() {
        let fr = Labels::built_in("fr").unwrap();
        assert_eq!(fr.join_names(&["A", "B", "C"]), "A, B et C");
        assert_eq!(Labels::english().join_names(&["A"]), "A");
        assert_eq!(Labels::english().join_names(&["A", "B"]), "A and B");
        let he = Labels::built_in("he").unwrap();
        assert_eq!(
            he.join_names(&["אברהם", "יצחק", "יעקב"]),
            "אברהם, יצחק ויעקב"
        );
        assert_eq!(Labels::built_in("iw"), Some(he));
    }
}
