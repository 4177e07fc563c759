//! `[bibliography]` in book.toml: the file of works the book cites, and the citation style that sets them.

use serde::Deserialize;
use toml::Spanned;

/// `[bibliography]`: with a `file`, the chapters' pandoc citations
/// (`[@key, p. 3]`, `@key`) are read and set by `style`, and the works
/// cited are listed in the book's bibliography.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BibliographyConfig {
    /// BibLaTeX/BibTeX (`.bib`), CSL JSON (`.json`) or Hayagriva YAML
    /// (`.yaml`, `.yml`), relative to the book folder.
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    /// A CSL style: a name from the styles bookpack carries
    /// (`chicago-author-date`, `apa`, `ieee`…) or a `.csl` file relative
    /// to the book folder. Default: `chicago-author-date`.
    #[serde(default)]
    pub style: Option<Spanned<String>>,
    /// Works listed though no chapter cites them (pandoc's `nocite`):
    /// their keys, or `"*"` for every work of the file.
    #[serde(default)]
    pub nocite: Vec<Spanned<String>>,
}
