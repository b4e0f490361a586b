//! The app's page and its words. The page is server-rendered HTML holding
//! no user data; what the user's files say arrives later as JSON and is put
//! in the page as text by the script (never as markup), or as a report
//! rendered by the HTML renderer, which escapes every label.

use super::guard::Refusal;
use renkei::text::Lang;
use std::path::Path;

/// The page's script and style, built into the binary: nothing is fetched
/// at run time and there is no front-end build step.
pub const SCRIPT: &str = include_str!("assets/app.js");
pub const STYLE: &str = include_str!("assets/app.css");

/// The page's words, by key: (Japanese, English).
const WORDS: &[(&str, &str, &str)] = &[
    (
        "title",
        "renkei — 地域・職域連携の統計",
        "renkei — statistics of regional and occupational health collaboration",
    ),
    (
        "privacy",
        "ファイルはこのパソコンの中で読むだけで、どこにも送りません。終了するとアップロードした写しは消えます。",
        "Files are read on this computer only and sent nowhere; the uploaded copies are deleted when the app stops.",
    ),
    ("other_lang", "English", "日本語"),
    ("tab_survey", "調査の集計", "Survey tables"),
    ("tab_plan", "計画の評価", "Plan evaluation"),
    ("tab_ratio", "標準化該当比", "Standardized ratios"),
    ("tab_checklist", "チェックリスト", "Checklists"),
    (
        "drop",
        "ファイルをここにドロップするか、クリックして選んでください",
        "Drop a file here or click to choose one",
    ),
    (
        "returns_step",
        "1. 回答ファイル（1行が1市区町村）",
        "1. Returns file (one row per municipality)",
    ),
    (
        "returns_hint",
        "Excel（.xlsx・.xls・.ods）または CSV（UTF-8・Shift_JIS）。見出しの行は日本語のままで構いません。",
        "Excel (.xlsx, .xls, .ods) or CSV (UTF-8 or Shift_JIS). Japanese headers are fine.",
    ),
    (
        "sheet",
        "シート名（空欄なら最初のシート）",
        "Worksheet (blank: the first)",
    ),
    (
        "definition_step",
        "2. 調査の定義（survey.json）",
        "2. Survey definition (survey.json)",
    ),
    (
        "proposal",
        "renkei の読み取り結果を見る",
        "See what renkei read",
    ),
    (
        "edit_definition",
        "定義を確かめて直す",
        "Check and correct the definition",
    ),
    (
        "apply_definition",
        "この定義で読み直す",
        "Read the returns with this definition",
    ),
    ("save_definition", "survey.json を保存", "Save survey.json"),
    (
        "load_definition",
        "保存した survey.json を読み込む",
        "Load a saved survey.json",
    ),
    ("table_step", "3. 集計表と検定", "3. Table and tests"),
    ("question", "設問（行）", "Question (rows)"),
    ("by", "分類（列）", "Grouping (columns)"),
    ("strata", "層別（任意）", "Strata (optional)"),
    ("none", "なし", "none"),
    ("percent", "％の分母", "Percent of"),
    ("percent_column", "列（分類ごと）", "column (each group)"),
    ("percent_row", "行（回答ごと）", "row (each answer)"),
    ("exact", "正確検定", "Exact test"),
    (
        "exact_auto",
        "必要なとき（期待度数が小さいとき）",
        "when needed (small expected counts)",
    ),
    ("exact_always", "常に", "always"),
    ("exact_never", "しない", "never"),
    ("monte_carlo", "モンテカルロ法", "Monte Carlo"),
    ("make_table", "表を作る", "Make the table"),
    (
        "make_report",
        "全設問 × 全分類の報告書",
        "Whole report (every question by every grouping)",
    ),
    ("computing", "計算中", "Computing"),
    ("stage", "段階", "stage"),
    ("drawn", "回の乱数表", "random tables"),
    ("cancel", "中止", "Cancel"),
    ("download", "ダウンロード:", "Download:"),
    (
        "plan_step",
        "計画の評価表（1行が1指標）",
        "The plan's evaluation table (one row per indicator)",
    ),
    (
        "plan_hint",
        "策定時・中間・直近の値と目標値の列がある表（小樽市の例: seeds/otaru-midterm.csv）。健康日本21（第二次）最終評価の A〜E と、変化の方向で判定します。",
        "A table with baseline, mid-term, latest and target columns (Otaru's example: seeds/otaru-midterm.csv), graded A–E as the final evaluation of Health Japan 21 (second term) does, and by direction of change.",
    ),
    ("rule", "判定の方法", "Grading"),
    ("rule_both", "両方", "both"),
    ("rule_hj21", "最終評価（A〜E）", "final evaluation (A–E)"),
    ("rule_direction", "変化の方向", "direction of change"),
    ("evaluate", "評価する", "Evaluate"),
    (
        "study_step",
        "対象地域の表（該当者数と受診者数）",
        "The areas' table (counts and populations)",
    ),
    (
        "standard_step",
        "基準集団の表（全国など）",
        "The standard population's table (e.g. Japan)",
    ),
    (
        "standard_is_study",
        "基準を対象地域の合計（対県）にする",
        "Use the areas' own total as the standard",
    ),
    ("masked", "秘匿セル", "Masked cells"),
    ("masked_stop", "あれば止める", "stop if any"),
    ("masked_exclude", "その層を除く", "leave the stratum out"),
    ("masked_bounds", "上下限で示す", "show bounds"),
    (
        "compute_ratio",
        "標準化該当比を求める",
        "Compute the ratios",
    ),
    ("checklist_pick", "チェックリスト", "Checklist"),
    (
        "checklist_step",
        "協議会の回答（1行が1協議会）",
        "Councils' answers (one row per council)",
    ),
    (
        "checklist_by",
        "比べる列（任意、例: uses_checklist）",
        "Column to compare by (optional, e.g. uses_checklist)",
    ),
    (
        "checklist_radar",
        "協議会ごとの大項目をレーダーチャートで描く",
        "Draw each council's sections as a radar chart",
    ),
    ("score", "集計する", "Score"),
    ("not_found", "そのページはありません。", "No such page."),
    (
        "not_utf8",
        "定義は UTF-8 のテキストでなければなりません。",
        "The definition must be UTF-8 text.",
    ),
    (
        "no_survey",
        "先に回答ファイルを選び、定義を読み込んでください。",
        "Choose a returns file and read a definition first.",
    ),
    (
        "choose_question",
        "設問と分類を選んでください。",
        "Choose a question and a grouping.",
    ),
    (
        "choose_checklist",
        "チェックリストを選んでください（prefecture-32、secondary-46、ict-56）。",
        "Choose a checklist (prefecture-32, secondary-46, ict-56).",
    ),
    (
        "gone",
        "この結果はもうありません（古い結果から消えます）。もう一度作ってください。",
        "This result is gone (the oldest are dropped); make it again.",
    ),
    ("units", "件を読み込みました", "units read"),
    (
        "form_intro",
        "renkei が回答ファイルから読み取った定義です。違うところを直して「この定義で読み直す」を押してください。",
        "What renkei read from the returns. Correct what is wrong and press \"Read the returns with this definition\".",
    ),
    ("survey_title", "調査名", "Survey title"),
    (
        "unit_columns",
        "市区町村を表す列",
        "Columns that describe each municipality",
    ),
    ("role_id", "団体名・番号", "Name or number"),
    (
        "role_class",
        "区分（特別区・市・町・村など）",
        "Class (ward, city, town, village …)",
    ),
    ("role_code", "団体コード", "Municipality code"),
    (
        "role_share_secondary_tertiary",
        "第2次・第3次産業就業者比率",
        "Secondary + tertiary employment share",
    ),
    (
        "role_share_tertiary",
        "第3次産業就業者比率",
        "Tertiary employment share",
    ),
    (
        "role_industry_code",
        "類似団体の産業コード",
        "Similar-municipality industry code",
    ),
    ("role_population", "人口", "Population"),
    ("role_prefecture", "都道府県", "Prefecture"),
    ("no_column", "（なし）", "(none)"),
    (
        "missing_values",
        "無回答とみなす値（カンマ区切り）",
        "Values meaning no answer (comma-separated)",
    ),
    ("questions", "設問", "Questions"),
    ("groupings", "分類（表の列）", "Groupings (table columns)"),
    ("use", "使う", "use"),
    ("ordered", "選択肢に順序がある", "answers are ordered"),
    ("label", "見出し", "Label"),
    ("single", "単一回答", "single answer"),
    ("multiple", "複数回答", "multiple answers"),
    ("up", "上へ", "up"),
    ("down", "下へ", "down"),
    (
        "json_edit",
        "JSON で直す（詳しい人向け）",
        "Edit as JSON (advanced)",
    ),
];

/// A word of the page in `lang`; the key itself if there is none (a bug a
/// test catches: every key the script and the server use is listed).
pub fn word(lang: Lang, key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("?", |(_, ja, en)| lang.pick(ja, en))
}

pub fn refused(lang: Lang, why: Refusal) -> String {
    match (lang, why) {
        (Lang::Ja, Refusal::Token) => "アクセスできません: renkei app が表示したアドレス（token= 付き）から開いてください。".into(),
        (Lang::En, Refusal::Token) => "Not allowed: open the address renkei app printed (with its token=).".into(),
        (Lang::Ja, Refusal::Host) => "アクセスできません: このパソコン（127.0.0.1 または localhost）のアドレス以外からの要求です。".into(),
        (Lang::En, Refusal::Host) => "Not allowed: the request names a host other than this computer (127.0.0.1 or localhost).".into(),
        (Lang::Ja, Refusal::Origin) => "アクセスできません: 別のサイトのページからの要求です。".into(),
        (Lang::En, Refusal::Origin) => "Not allowed: the request comes from another site's page.".into(),
    }
}

pub fn too_large(lang: Lang, max: u64) -> String {
    let mib = max as f64 / (1u64 << 20) as f64;
    match lang {
        Lang::Ja => format!(
            "ファイルが大きすぎます（上限 {mib:.0} MiB）。renkei app --max-upload で上限を変えられます。"
        ),
        Lang::En => format!(
            "The file is too large (limit {mib:.0} MiB); renkei app --max-upload changes the limit."
        ),
    }
}

pub fn unsupported_file(lang: Lang, name: &str, extensions: &[&str]) -> String {
    let shown = renkei::error::shown(name, lang);
    let list = extensions.join(", ");
    match lang {
        Lang::Ja => format!("「{shown}」は読めない種類のファイルです。読める拡張子: {list}"),
        Lang::En => format!("\"{shown}\" is not a kind of file renkei reads; it reads: {list}"),
    }
}

pub fn missing_upload(lang: Lang, slot: &str) -> String {
    let what = match (lang, slot) {
        (Lang::Ja, "returns") => "回答ファイル",
        (Lang::Ja, "plan") => "計画の評価表",
        (Lang::Ja, "study") => "対象地域の表",
        (Lang::Ja, "standard") => "基準集団の表",
        (Lang::Ja, _) => "協議会の回答",
        (Lang::En, "returns") => "returns file",
        (Lang::En, "plan") => "plan's table",
        (Lang::En, "study") => "areas' table",
        (Lang::En, "standard") => "standard population's table",
        (Lang::En, _) => "councils' answers",
    };
    match lang {
        Lang::Ja => format!("先に{what}を選んでください。"),
        Lang::En => format!("Choose the {what} first."),
    }
}

pub fn started_message(lang: Lang, folder: &Path, exposed: bool) -> String {
    let mut s = match lang {
        Lang::Ja => format!(
            "renkei app: 上のアドレスをブラウザーで開いてください。終了は Ctrl-C。\nアップロードしたファイルの写しは {} に置き、終了時に消します。",
            folder.display()
        ),
        Lang::En => format!(
            "renkei app: open the address above in a browser; Ctrl-C stops.\nUploaded files are copied to {} and deleted at exit.",
            folder.display()
        ),
    };
    if exposed {
        s.push_str(match lang {
            Lang::Ja => "\n警告: このパソコン以外からも接続できるアドレスで待ち受けています。アドレスの token を知る人は誰でも回答ファイルを読めます。",
            Lang::En => "\nWarning: listening on an address other computers can reach; anyone with the address's token can read the returns.",
        });
    }
    s
}

pub fn stopped_message(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "renkei app: 終了しました（アップロードされたファイルの写しは消しました）。",
        Lang::En => "renkei app: stopped (the uploaded copies are deleted).",
    }
}

/// The page. It holds no user data, only the words of `lang`.
pub fn index(lang: Lang) -> String {
    let w = |k: &str| word(lang, k);
    let (code, other) = match lang {
        Lang::Ja => ("ja", "en"),
        Lang::En => ("en", "ja"),
    };
    let drop = |id: &str, slot: &str, accept: &str| {
        format!(
            "<label class=\"drop\"><span>{}</span><input type=\"file\" id=\"{id}\" data-slot=\"{slot}\" accept=\"{accept}\"></label>",
            w("drop")
        )
    };
    let tables = ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods";
    let script_words: String = [
        "computing",
        "stage",
        "drawn",
        "cancel",
        "download",
        "none",
        "units",
        "survey_title",
        "unit_columns",
        "role_id",
        "role_class",
        "role_code",
        "role_share_secondary_tertiary",
        "role_share_tertiary",
        "role_industry_code",
        "role_population",
        "role_prefecture",
        "no_column",
        "missing_values",
        "questions",
        "groupings",
        "use",
        "ordered",
        "label",
        "single",
        "multiple",
        "up",
        "down",
    ]
    .iter()
    .map(|k| format!(" data-w-{}=\"{}\"", k.replace('_', "-"), w(k)))
    .collect();
    let mut page = PAGE
        .replace("{code}", code)
        .replace("{other}", other)
        .replace("{script_words}", &script_words);
    for (slot, id) in [
        ("returns", "returns-file"),
        ("plan", "plan-file"),
        ("study", "study-file"),
        ("standard", "standard-file"),
        ("checklist", "checklist-file"),
    ] {
        page = page.replace(&format!("{{drop_{slot}}}"), &drop(id, slot, tables));
    }
    // Every other placeholder is a word of the page.
    for (key, ja, en) in WORDS {
        page = page.replace(&format!("{{{key}}}"), lang.pick(ja, en));
    }
    page
}

/// The page, with `{word}` placeholders for the words of `WORDS`,
/// `{drop_SLOT}` for a file drop zone, and the language's `{code}`,
/// `{other}` and `{script_words}`.
const PAGE: &str = r#"<!DOCTYPE html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>renkei</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body data-lang="{code}"{script_words}>
<header>
<h1>{title}</h1>
<p class="privacy">{privacy}</p>
<a class="lang" href="/?lang={other}">{other_lang}</a>
</header>
<nav class="tabs" role="tablist">
<button type="button" role="tab" data-tab="survey" aria-selected="true">{tab_survey}</button>
<button type="button" role="tab" data-tab="plan" aria-selected="false">{tab_plan}</button>
<button type="button" role="tab" data-tab="ratio" aria-selected="false">{tab_ratio}</button>
<button type="button" role="tab" data-tab="checklist" aria-selected="false">{tab_checklist}</button>
</nav>
<main>
<section id="survey" class="panel">
<h2>{returns_step}</h2>
<p class="hint">{returns_hint}</p>
{drop_returns}
<label class="field">{sheet} <input type="text" id="returns-sheet"></label>
<p class="error" id="survey-error" role="alert"></p>
<div id="survey-defined" hidden>
<h2>{definition_step}</h2>
<p id="survey-summary"></p>
<details id="proposal"><summary>{proposal}</summary><div class="frame" id="init-view"></div></details>
<details id="definition-editor"><summary>{edit_definition}</summary>
<p class="hint">{form_intro}</p>
<div id="definition-fields"></div>
<p><button type="button" id="definition-form-apply">{apply_definition}</button></p>
<details><summary>{json_edit}</summary>
<textarea id="definition" rows="18" spellcheck="false"></textarea>
<p><button type="button" id="definition-apply">{apply_definition}</button></p>
</details>
</details>
<p class="row"><a id="definition-save" href="/api/survey/definition">{save_definition}</a>
<label class="field">{load_definition} <input type="file" id="definition-file" accept=".json"></label></p>
<h2>{table_step}</h2>
<form id="table-form" class="grid">
<label>{question} <select name="question" id="question"></select></label>
<label>{by} <select name="by" id="by"></select></label>
<label>{strata} <select name="strata" id="strata"></select></label>
<label>{percent} <select name="percent"><option value="column">{percent_column}</option><option value="row">{percent_row}</option></select></label>
<label>{exact} <select name="exact"><option value="auto">{exact_auto}</option><option value="always">{exact_always}</option><option value="never">{exact_never}</option></select></label>
<label>{monte_carlo} <select name="monte_carlo"><option value="">{none}</option><option value="2000">B = 2,000</option><option value="100000">B = 100,000</option></select></label>
<p><button type="submit">{make_table}</button> <button type="button" id="report-button">{make_report}</button></p>
</form>
<div class="progress" id="survey-progress" hidden><span></span> <button type="button">{cancel}</button></div>
<div class="result" id="survey-result"></div>
</div>
</section>
<section id="plan" class="panel" hidden>
<h2>{plan_step}</h2>
<p class="hint">{plan_hint}</p>
{drop_plan}
<form id="plan-form" class="grid">
<label>{rule} <select name="rule"><option value="both">{rule_both}</option><option value="hj21">{rule_hj21}</option><option value="direction">{rule_direction}</option></select></label>
<p><button type="submit">{evaluate}</button></p>
</form>
<p class="error" role="alert"></p>
<div class="result"></div>
</section>
<section id="ratio" class="panel" hidden>
<h2>{study_step}</h2>
{drop_study}
<h2>{standard_step}</h2>
{drop_standard}
<form id="ratio-form" class="grid">
<label class="check"><input type="checkbox" name="standard" value="study"> {standard_is_study}</label>
<label>{masked} <select name="masked"><option value="stop">{masked_stop}</option><option value="exclude">{masked_exclude}</option><option value="bounds">{masked_bounds}</option></select></label>
<p><button type="submit">{compute_ratio}</button></p>
</form>
<p class="error" role="alert"></p>
<div class="result"></div>
</section>
<section id="checklist" class="panel" hidden>
<h2>{checklist_step}</h2>
{drop_checklist}
<form id="checklist-form" class="grid">
<label>{checklist_pick} <select name="checklist"><option value="prefecture-32">prefecture-32</option><option value="secondary-46">secondary-46</option><option value="ict-56">ict-56</option></select></label>
<label>{checklist_by} <input type="text" name="by"></label>
<label class="check"><input type="checkbox" name="radar" value="1"> {checklist_radar}</label>
<p><button type="submit">{score}</button></p>
</form>
<p class="error" role="alert"></p>
<div class="result"></div>
</section>
</main>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_the_page_uses_exists_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            let page = index(lang);
            assert!(!page.contains(">?<") && !page.contains("\"?\""), "{page}");
            // Every placeholder was filled.
            assert!(!page.contains('{'), "{page}");
        }
        let mut keys: Vec<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
    }
}
