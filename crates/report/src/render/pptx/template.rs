//! An organisation's deck as the template of renkei's: its slide masters,
//! layouts, theme and pictures are kept, its slides left out, and renkei's
//! slides laid on its "title only" layout (else its first), so titles take
//! the organisation's fonts, colours and logo.

use super::perr;
use renkei_data::error::{Error, Result};
use renkei_data::messages::errors::Usage;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The parts of a template deck that renkei's deck keeps.
pub struct Template {
    /// Every part but the slides, their notes and charts, and the package's
    /// own lists (rewritten for the new deck).
    pub parts: BTreeMap<String, Vec<u8>>,
    /// The template's presentation part and its relationships.
    pub presentation: String,
    pub presentation_rels: String,
    pub content_types: String,
    /// The layout renkei's slides use (`ppt/slideLayouts/slideLayoutN.xml`).
    pub layout: String,
}

fn refused(path: &Path, detail: impl Into<String>) -> Error {
    Usage::TemplateNotDeck {
        path: path.display().to_string(),
        detail: detail.into(),
    }
    .into()
}

/// Whether a part belongs to the template's slides (left out).
fn slide_part(name: &str) -> bool {
    [
        "ppt/slides/",
        "ppt/notesSlides/",
        "ppt/charts/",
        "ppt/embeddings/",
        "ppt/notesMasters/",
        "ppt/handoutMasters/",
        "ppt/comments/",
        "ppt/commentAuthors.xml",
        "docProps/",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

impl Template {
    /// Reads a template deck: a 16:9 .pptx with at least one slide layout.
    pub fn read(path: &Path) -> Result<Template> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let mut zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| refused(path, e.to_string()))?;
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| refused(path, e.to_string()))?;
            let name = f.name().map_err(perr)?.to_string();
            if f.is_dir() || slide_part(&name) {
                continue;
            }
            // A template is a few megabytes; a part of more than 64 MiB is not one.
            if f.size() > 64 << 20 {
                return Err(refused(path, format!("{name} is too large")));
            }
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .map_err(|e| refused(path, e.to_string()))?;
            parts.insert(name, data);
        }
        let mut take = |name: &str| -> Result<String> {
            let data = parts
                .remove(name)
                .ok_or_else(|| refused(path, format!("no {name}")))?;
            String::from_utf8(data).map_err(|_| refused(path, format!("{name} is not UTF-8")))
        };
        let presentation = take("ppt/presentation.xml")?;
        let presentation_rels = take("ppt/_rels/presentation.xml.rels")?;
        let content_types = take("[Content_Types].xml")?;
        parts.remove("_rels/.rels");
        if !presentation.contains("cx=\"12192000\" cy=\"6858000\"") {
            return Err(refused(
                path,
                "renkei's slides are 16:9 (33.867 × 19.05 cm); save the template as 16:9",
            ));
        }
        let layouts: Vec<&String> = parts
            .keys()
            .filter(|n| n.starts_with("ppt/slideLayouts/slideLayout") && n.ends_with(".xml"))
            .collect();
        let title_only = layouts.iter().find(|n| {
            std::str::from_utf8(&parts[n.as_str()]).is_ok_and(|x| x.contains("type=\"titleOnly\""))
        });
        let layout = title_only
            .or(layouts.first())
            .map(|n| n.to_string())
            .ok_or_else(|| refused(path, "no slide layout"))?;
        Ok(Template {
            parts,
            presentation,
            presentation_rels,
            content_types,
            layout,
        })
    }
}
