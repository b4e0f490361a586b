//! The deck as an Office Open XML package: the fixed parts (presentation,
//! one slide master with one title-only layout, a theme), the slides, and
//! per chart its part and embedded workbook.

use super::perr;
use super::template::Template;
use crate::render::xlsx_charts::chart_sheet;
use crate::{Block, Messages};
use renkei_data::error::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;

/// A slide's XML and, where it shows a chart, the chart's part and workbook.
pub struct SlidePart {
    pub xml: String,
    pub chart: Option<(String, Vec<u8>)>,
}

const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
/// The sheet that holds a chart's data in its embedded workbook.
const DATA_SHEET: &str = "Sheet1";

/// A chart part for `block` and the workbook its data lives in: the
/// workbook renderer draws the chart on a sheet of a workbook of its own;
/// its chart part (the same DrawingML a deck uses) is taken out, its title
/// left to the slide, and pointed at that workbook, embedded beside it, so
/// PowerPoint's "edit data" opens the numbers.
pub fn chart_part(block: &Block, m: &Messages) -> Result<(String, Vec<u8>)> {
    let mut wb = Workbook::new();
    // A fixed date, so that the same report gives the same deck, byte for byte.
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(perr)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    chart_sheet(&mut wb, &[block], m, DATA_SHEET).map_err(perr)?;
    let workbook = wb.save_to_buffer().map_err(perr)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(&workbook)).map_err(perr)?;
    let mut xml = String::new();
    zip.by_name("xl/charts/chart1.xml")
        .map_err(perr)?
        .read_to_string(&mut xml)
        .map_err(perr)?;
    // The slide carries the title; the chart's own would repeat it.
    if let Some(start) = xml.find("<c:chart><c:title>") {
        let from = start + "<c:chart>".len();
        if let Some(len) = xml[from..].find("</c:title>") {
            xml.replace_range(
                from..from + len + "</c:title>".len(),
                "<c:autoTitleDeleted val=\"1\"/>",
            );
        }
    }
    xml = xml.replacen("<c:lang val=\"en-US\"/>", "<c:lang val=\"ja-JP\"/>", 1);
    let external = "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData>";
    match xml.find("<c:printSettings>") {
        Some(i) => xml.insert_str(i, external),
        None => {
            let end = xml
                .rfind("</c:chartSpace>")
                .ok_or_else(|| perr("chart part without its end"))?;
            xml.insert_str(end, external);
        }
    }
    Ok((xml, workbook))
}

fn rels(entries: &[(String, &str, String)]) -> String {
    let mut s = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, kind, target) in entries {
        s.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"/>"
        ));
    }
    s.push_str("</Relationships>");
    s
}

fn rel(kind: &str) -> String {
    format!("{NS_R}/{kind}")
}

/// The template's content types without its slides' (and their notes',
/// charts' and document properties'), which the new deck lists afresh.
fn template_types(types: &str) -> String {
    let drop = [
        "/ppt/slides/",
        "/ppt/notesSlides/",
        "/ppt/charts/",
        "/ppt/notesMasters/",
        "/ppt/handoutMasters/",
        "/ppt/comments",
        "/docProps/",
    ];
    let mut out = String::new();
    let mut rest = types;
    while let Some(i) = rest.find("<Override ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("/>").map_or(rest.len(), |e| i + e + 2);
        let entry = &rest[i..end];
        if !drop
            .iter()
            .any(|d| entry.contains(&format!("PartName=\"{d}")))
        {
            out.push_str(entry);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let close = out.rfind("</Types>").unwrap_or(out.len());
    out.truncate(close);
    if !out.contains("Extension=\"xlsx\"") {
        out.push_str("<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>");
    }
    out.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    );
    out
}

/// The elements `<tag …>…</tag>` or `<tag …/>` of `xml` left out.
fn without_element(xml: &str, tag: &str) -> String {
    let mut out = xml.to_string();
    while let Some(start) = out.find(&format!("<{tag}")) {
        let after = &out[start..];
        let end = match (after.find("/>"), after.find('>')) {
            (Some(s), Some(g)) if s + 1 == g => start + s + 2,
            _ => match after.find(&format!("</{tag}>")) {
                Some(e) => start + e + tag.len() + 3,
                None => break,
            },
        };
        out.replace_range(start..end, "");
    }
    out
}

/// The template's presentation relationships without its slides' and
/// notes' and handouts' masters.
fn template_rels(rels: &str) -> Vec<String> {
    rels.split("<Relationship ")
        .skip(1)
        .map(|r| {
            format!(
                "<Relationship {}",
                &r[..r.find("/>").map_or(r.len(), |e| e + 2)]
            )
        })
        .filter(|r| {
            ![
                "/slide\"",
                "/notesMaster\"",
                "/handoutMaster\"",
                "/commentAuthors\"",
            ]
            .iter()
            .any(|t| r.contains(t))
        })
        .collect()
}

/// Writes the deck, on `template`'s masters where one is given.
pub fn write(slides: &[SlidePart], template: Option<&Template>) -> Result<Vec<u8>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
        z.start_file(name, opts).map_err(perr)?;
        z.write_all(bytes).map_err(perr)
    };

    let mut types = match template {
        Some(t) => template_types(&t.content_types),
        None => format!(
            "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"xlsx\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>\
<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/>\
<Override PartName=\"/ppt/slideMasters/slideMaster1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml\"/>\
<Override PartName=\"/ppt/slideLayouts/slideLayout1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml\"/>\
<Override PartName=\"/ppt/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
<Override PartName=\"/ppt/presProps.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presProps+xml\"/>\
<Override PartName=\"/ppt/viewProps.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml\"/>\
<Override PartName=\"/ppt/tableStyles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        ),
    };
    let mut chart_no = 0;
    for (k, s) in slides.iter().enumerate() {
        types.push_str(&format!(
            "<Override PartName=\"/ppt/slides/slide{}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>",
            k + 1
        ));
        if s.chart.is_some() {
            chart_no += 1;
            types.push_str(&format!(
                "<Override PartName=\"/ppt/charts/chart{chart_no}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            ));
        }
    }
    types.push_str("</Types>");
    put("[Content_Types].xml", types.as_bytes())?;
    put(
        "_rels/.rels",
        rels(&[
            ("rId1".into(), &rel("officeDocument"), "ppt/presentation.xml".into()),
            (
                "rId2".into(),
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml".into(),
            ),
            ("rId3".into(), &rel("extended-properties"), "docProps/app.xml".into()),
        ])
        .as_bytes(),
    )?;
    put("docProps/core.xml", CORE.as_bytes())?;
    put(
        "docProps/app.xml",
        format!("{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>renkei</Application><Slides>{}</Slides></Properties>", slides.len()).as_bytes(),
    )?;

    let mut ids = String::new();
    for k in 0..slides.len() {
        ids.push_str(&format!(
            "<p:sldId id=\"{}\" r:id=\"rIdS{}\"/>",
            256 + k,
            k + 1
        ));
    }
    let slide_rels: Vec<String> = (0..slides.len())
        .map(|k| {
            format!(
                "<Relationship Id=\"rIdS{}\" Type=\"{}\" Target=\"slides/slide{}.xml\"/>",
                k + 1,
                rel("slide"),
                k + 1
            )
        })
        .collect();
    let layout = match template {
        Some(t) => {
            let mut presentation = without_element(&t.presentation, "p:sldIdLst");
            presentation = without_element(&presentation, "p:notesMasterIdLst");
            presentation = without_element(&presentation, "p:handoutMasterIdLst");
            let at = presentation
                .find("</p:sldMasterIdLst>")
                .map(|i| i + "</p:sldMasterIdLst>".len())
                .ok_or_else(|| perr("template without a slide master list"))?;
            presentation.insert_str(at, &format!("<p:sldIdLst>{ids}</p:sldIdLst>"));
            put("ppt/presentation.xml", presentation.as_bytes())?;
            let mut entries = template_rels(&t.presentation_rels);
            entries.extend(slide_rels);
            put(
                "ppt/_rels/presentation.xml.rels",
                format!(
                    "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
                    entries.concat()
                )
                .as_bytes(),
            )?;
            for (name, data) in &t.parts {
                put(name, data)?;
            }
            format!("../{}", t.layout.trim_start_matches("ppt/"))
        }
        None => {
            put(
                "ppt/presentation.xml",
                format!(
                    "{XML_HEAD}<p:presentation xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"{NS_R}\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" saveSubsetFonts=\"1\">\
<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst>\
<p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx=\"12192000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>"
                )
                .as_bytes(),
            )?;
            let fixed = [
                ("rId1", rel("slideMaster"), "slideMasters/slideMaster1.xml"),
                ("rId2", rel("theme"), "theme/theme1.xml"),
                ("rId3", rel("presProps"), "presProps.xml"),
                ("rId4", rel("viewProps"), "viewProps.xml"),
                ("rId5", rel("tableStyles"), "tableStyles.xml"),
            ];
            let mut entries: Vec<String> = fixed
                .iter()
                .map(|(id, kind, target)| {
                    format!("<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"/>")
                })
                .collect();
            entries.extend(slide_rels);
            put(
                "ppt/_rels/presentation.xml.rels",
                format!(
                    "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
                    entries.concat()
                )
                .as_bytes(),
            )?;
            put("ppt/presProps.xml", format!("{XML_HEAD}<p:presentationPr xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"{NS_R}\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>").as_bytes())?;
            put("ppt/viewProps.xml", format!("{XML_HEAD}<p:viewPr xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"{NS_R}\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"94660\"/></p:normalViewPr><p:gridSpacing cx=\"72008\" cy=\"72008\"/></p:viewPr>").as_bytes())?;
            put("ppt/tableStyles.xml", format!("{XML_HEAD}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>").as_bytes())?;
            put("ppt/theme/theme1.xml", THEME.as_bytes())?;
            put("ppt/slideMasters/slideMaster1.xml", MASTER.as_bytes())?;
            put(
                "ppt/slideMasters/_rels/slideMaster1.xml.rels",
                rels(&[
                    (
                        "rId1".into(),
                        &rel("slideLayout"),
                        "../slideLayouts/slideLayout1.xml".into(),
                    ),
                    ("rId2".into(), &rel("theme"), "../theme/theme1.xml".into()),
                ])
                .as_bytes(),
            )?;
            put("ppt/slideLayouts/slideLayout1.xml", LAYOUT.as_bytes())?;
            put(
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                rels(&[(
                    "rId1".into(),
                    &rel("slideMaster"),
                    "../slideMasters/slideMaster1.xml".into(),
                )])
                .as_bytes(),
            )?;
            "../slideLayouts/slideLayout1.xml".to_string()
        }
    };

    let mut chart_no = 0;
    for (k, s) in slides.iter().enumerate() {
        let n = k + 1;
        put(&format!("ppt/slides/slide{n}.xml"), s.xml.as_bytes())?;
        let mut slide_rels = vec![("rId1".to_string(), rel("slideLayout"), layout.clone())];
        if let Some((chart, workbook)) = &s.chart {
            chart_no += 1;
            slide_rels.push((
                "rId2".into(),
                rel("chart"),
                format!("../charts/chart{chart_no}.xml"),
            ));
            put(&format!("ppt/charts/chart{chart_no}.xml"), chart.as_bytes())?;
            put(
                &format!("ppt/embeddings/Microsoft_Excel_Worksheet{chart_no}.xlsx"),
                workbook,
            )?;
            put(
                &format!("ppt/charts/_rels/chart{chart_no}.xml.rels"),
                rels(&[(
                    "rId1".into(),
                    &rel("package"),
                    format!("../embeddings/Microsoft_Excel_Worksheet{chart_no}.xlsx"),
                )])
                .as_bytes(),
            )?;
        }
        let slide_rels: Vec<(String, &str, String)> = slide_rels
            .iter()
            .map(|(a, b, c)| (a.clone(), b.as_str(), c.clone()))
            .collect();
        put(
            &format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels(&slide_rels).as_bytes(),
        )?;
    }
    let cursor = z.finish().map_err(perr)?;
    Ok(cursor.into_inner())
}

/// Core properties: no dates, so that the same report gives the same bytes.
const CORE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>renkei</dc:creator></cp:coreProperties>";

/// The one slide master: a title placeholder and the text styles, in the
/// theme's fonts (Japanese text in the East Asian font).
const MASTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p:sldMaster xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"368300\" y=\"228600\"/><a:ext cx=\"11455400\" cy=\"736600\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr vert=\"horz\" lIns=\"0\" rIns=\"0\" anchor=\"b\"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang=\"ja-JP\"/></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle><a:lvl1pPr algn=\"l\"><a:defRPr sz=\"2400\" b=\"1\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mj-lt\"/><a:ea typeface=\"+mj-ea\"/><a:cs typeface=\"+mj-cs\"/></a:defRPr></a:lvl1pPr></p:titleStyle><p:bodyStyle><a:lvl1pPr><a:defRPr sz=\"1800\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl1pPr></p:bodyStyle><p:otherStyle><a:lvl1pPr><a:defRPr sz=\"1800\" kern=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>";

const LAYOUT: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p:sldLayout xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" type=\"titleOnly\" preserve=\"1\"><p:cSld name=\"Title Only\"><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr><p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Title 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"title\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"ja-JP\"/></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>";

/// The theme: Office's colours, and fonts that read Japanese (游ゴシック,
/// with Meiryo where it is missing; LibreOffice falls back to Noto Sans CJK).
const THEME: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"renkei\"><a:themeElements><a:clrScheme name=\"renkei\"><a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1><a:dk2><a:srgbClr val=\"1F2A44\"/></a:dk2><a:lt2><a:srgbClr val=\"E7E6E6\"/></a:lt2><a:accent1><a:srgbClr val=\"0072B2\"/></a:accent1><a:accent2><a:srgbClr val=\"E69F00\"/></a:accent2><a:accent3><a:srgbClr val=\"009E73\"/></a:accent3><a:accent4><a:srgbClr val=\"CC79A7\"/></a:accent4><a:accent5><a:srgbClr val=\"56B4E9\"/></a:accent5><a:accent6><a:srgbClr val=\"D55E00\"/></a:accent6><a:hlink><a:srgbClr val=\"0563C1\"/></a:hlink><a:folHlink><a:srgbClr val=\"954F72\"/></a:folHlink></a:clrScheme><a:fontScheme name=\"renkei\"><a:majorFont><a:latin typeface=\"Arial\"/><a:ea typeface=\"Yu Gothic\"/><a:cs typeface=\"\"/><a:font script=\"Jpan\" typeface=\"游ゴシック\"/></a:majorFont><a:minorFont><a:latin typeface=\"Arial\"/><a:ea typeface=\"Yu Gothic\"/><a:cs typeface=\"\"/><a:font script=\"Jpan\" typeface=\"游ゴシック\"/></a:minorFont></a:fontScheme><a:fmtScheme name=\"renkei\"><a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>";
