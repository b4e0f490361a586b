//! The command line in Japanese: `--help` and clap's own errors, for users
//! whose language is Japanese (the default; `--lang en`, or `LANG=en…`,
//! gives English). clap has no translations, so the Japanese texts are
//! kept here beside the options' ids and put into the parsed command
//! definition before it is used; a test checks that every option has one.

use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The language of the command line: `--lang en` among the arguments, or a
/// `LANG`/`LC_ALL` that starts with `en`, is English; anything else Japanese.
pub fn wants_english(args: &[std::ffi::OsString]) -> bool {
    let given = args
        .windows(2)
        .find(|w| w[0] == "--lang")
        .map(|w| w[1].to_string_lossy().into_owned())
        .or_else(|| {
            args.iter()
                .find_map(|a| a.to_str()?.strip_prefix("--lang=").map(str::to_string))
        });
    if let Some(lang) = given {
        return lang == "en";
    }
    ["LC_ALL", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .is_some_and(|v| v.starts_with("en"))
}

/// Each command's one-line description.
const ABOUT: &[(&str, &str)] = &[
    (
        "reproduce",
        "研究班の公表表 (表3–5) を市区町村別の回答から作り直し、印刷された値と照合する",
    ),
    (
        "tab",
        "設問を分類別にクロス集計する (各セルの n と %、χ² 検定)",
    ),
    (
        "classify",
        "各団体の区分群・産業類型・類似団体区分を一覧にする",
    ),
    (
        "test",
        "度数表の独立性の検定: Pearson χ²、G²、正確検定とモンテカルロ法の p、Cramér の V、残差",
    ),
    (
        "audit",
        "公表された表の合計・割合・p 値をその度数から計算し直し、合わないところを示す",
    ),
    (
        "report",
        "調査全体を分析する: HTML の報告書と Excel のブック、PowerPoint",
    ),
    (
        "ratio",
        "標準化該当比 (間接法: 正確な信頼区間、地域・項目をまたぐ p の調整、研究班の図) または年齢調整率 (直接法)",
    ),
    (
        "evaluate",
        "健康増進計画の指標を健康日本21（第二次）最終評価の方法 (A, B, B*, C, D, E) と増減で判定し、計画自身の評価と並べる",
    ),
    (
        "checklist",
        "協議会のチェックリスト (研究班の 32/46/56 項目、または独自のもの) を集計する: 協議会ごとの章、群ごとの項目・章の実施率と検定、合計点の比較",
    ),
    (
        "scale",
        "項目の列の尺度としての信頼性 (Cronbach の α / KR-20 と Feldt の区間、ω、項目-残り相関、項目を除いた α)、全体と章ごと",
    ),
    (
        "describe",
        "調査の定義 (団体の列、設問、分類) を一覧にし、最初の表の前に確かめる",
    ),
    (
        "init",
        "回答ファイルから調査の定義 (survey.json) を提案する: 見出しから団体の列を見つけ、他の列は値を選択肢とする設問に、共通の語幹をもつ 0/1 の列は複数回答の設問に、列から作れる分類も",
    ),
    (
        "app",
        "renkei をブラウザーで開く: 回答ファイル・計画の表・集計表を置けば、表・検定・図・ダウンロードまでコマンドなしで。データはこのパソコンの外に出ない",
    ),
    (
        "completions",
        "シェルの補完スクリプトを出力する (コマンド・オプション・値が Tab で補完される)",
    ),
];

/// Options' help by id; a command's own entry first, then the shared one
/// (`None`).
const OPTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "adjust",
        None,
        "p 値の調整: 地域をまたいで (項目ごと) と項目をまたいで (地域ごと)",
    ),
    ("all", None, "問題のない照合も含めてすべて示す"),
    ("alpha", None, "変化の検定の有意水準"),
    (
        "by",
        Some("checklist"),
        "協議会を分ける列 (例: uses_checklist、prefecture)",
    ),
    (
        "by",
        Some("tab"),
        "分類の id (表の列)。survey.json のとおり",
    ),
    (
        "by",
        Some("report"),
        "使う分類 (繰り返すかカンマ区切り) [既定: すべて]",
    ),
    (
        "by_stratum",
        None,
        "層 (地域 × 項目 × 性 × 年齢階級) ごとの比も別の表で示す",
    ),
    (
        "checklist",
        Some("checklist"),
        "同梱のチェックリストの id、またはチェックリスト定義ファイル (.json)",
    ),
    (
        "checklist",
        Some("scale"),
        "項目と章をチェックリスト定義 (id かファイル) から取る",
    ),
    (
        "ci",
        None,
        "比の信頼区間: 正確な Poisson 区間、Byar の近似、または二項分散",
    ),
    ("cols", None, "列のラベル (カンマ区切り)"),
    (
        "columns",
        None,
        "項目の列 (カンマ区切り) [既定: 数値かチェック印の列すべて]",
    ),
    (
        "counts",
        None,
        "度数: 行を ';'、セルを ',' で区切る (例: \"10,10;9,27\")",
    ),
    (
        "csv_encoding",
        None,
        "CSV 出力の文字コード: BOM 付き UTF-8 (日本語版 Excel でダブルクリックして正しく開く)、BOM なし UTF-8、Shift_JIS (CP932)",
    ),
    ("encoding", Some("ratio"), "二つのファイルの文字コード"),
    ("encoding", None, "ファイルの文字コード [既定: 自動判定]"),
    (
        "era",
        None,
        "年度の書き方: 和暦 (平成28年度) か西暦 (2016) [既定: 計画の書き方のまま]",
    ),
    (
        "exact",
        None,
        "Fisher–Freeman–Halton の正確検定: auto (Cochran の規則を満たさないとき)、always、never。--exact だけなら always",
    ),
    (
        "exact_memory",
        None,
        "正確検定が使ってよいメモリー (MiB)。超えると --time-limit と同じくモンテカルロ法の推定が代わりになる",
    ),
    (
        "file",
        Some("evaluate"),
        "計画の評価項目: CSV かスプレッドシート、1 行が 1 指標",
    ),
    ("file", None, "度数の CSV ファイル"),
    ("files", None, "公表された表のファイル"),
    ("force", Some("report"), "既存のファイルを置き換える"),
    ("force", None, "既存の --output のファイルを置き換える"),
    (
        "format",
        None,
        "出力の形式 [既定: --output の拡張子から。なければ text]",
    ),
    (
        "header_row",
        None,
        "スプレッドシートの見出しの行 (1 = シートの 1 行目) [既定: 表題の行の下から見つける]",
    ),
    ("id", None, "調査の id [既定: フォルダーの名前]"),
    (
        "ignore_unknown_columns",
        None,
        "renkei の知らない列は止めずに飛ばす (報告に列名を示す)",
    ),
    (
        "image",
        None,
        "--output-dir のファイルの形式: svg、または 192 dpi の png (SVG を使えないソフト向け)",
    ),
    ("items", None, "回答: 1 行が 1 回答者"),
    (
        "lang",
        Some("app"),
        "ページの言語 (ページ上のリンクで切り替えられる)",
    ),
    ("lang", None, "出力すべての言語"),
    (
        "level",
        Some("scale"),
        "Feldt の区間と再検査の κ・ICC の区間の信頼水準",
    ),
    ("factors", None, "K 因子の探索的因子分析"),
    ("fm", None, "因子の抽出法: minres (psych の既定) または ml"),
    (
        "radar",
        None,
        "協議会ごとの大項目の実施率を棒でなくレーダーチャートで描く",
    ),
    (
        "correlation",
        None,
        "因子分析する相関: pearson、tetrachoric (2 値の項目) または polychoric (順序のある回答、8 段階まで)",
    ),
    (
        "parallel",
        None,
        "平行分析: 同じ大きさの乱数データを上回る因子の数 (psych::fa.parallel)",
    ),
    (
        "iterations",
        None,
        "平行分析の乱数データの組数 (psych の n.iter)",
    ),
    (
        "seed",
        Some("scale"),
        "平行分析の乱数の種: R の set.seed(S) のあとと同じ乱数列",
    ),
    (
        "rotate",
        None,
        "因子の回転: oblimin (psych の既定)、varimax または none",
    ),
    (
        "retest",
        None,
        "同じ項目の 2 回目の回答 (再検査): 項目ごとの κ と得点の ICC",
    ),
    (
        "id",
        Some("scale"),
        "2 つのファイルの行を照合する回答者 ID の列 [既定: id、番号、協議会 などの見出しの最初の列]",
    ),
    ("level", None, "信頼区間の信頼水準"),
    (
        "listen",
        None,
        "127.0.0.1 以外のアドレスで待ち受ける。他のコンピューターから接続できるようになる (警告を表示)。理由があるときだけ",
    ),
    (
        "masked",
        None,
        "秘匿された度数 (\"‐\"、\"*\"、空欄): 止めて一覧にする、その層を O と E から除く、各 1 と 9 のときの範囲で示す",
    ),
    ("max_upload", None, "ページが受け付ける最大のファイル (MiB)"),
    ("method", None, "間接法 (比、O/E) か直接法 (年齢調整率)"),
    ("min_change", None, "検定がないとき、変化とみなす相対変化"),
    (
        "min_progress",
        None,
        "検定がないとき、改善が B となるのに要る数値目標までの道のりの割合 (0 = 使わない。README 参照)",
    ),
    (
        "missing",
        None,
        "欠けた回答: その回答者を除く (listwise) か、組ごとにすべて使う (pairwise、psych::alpha と同じ)",
    ),
    (
        "monte_carlo",
        None,
        "観測された周辺度数の乱数表 B 個によるモンテカルロ法の p 値",
    ),
    ("no_browser", None, "既定のブラウザーでページを開かない"),
    (
        "ordered",
        None,
        "二つの変数がともに順序をもつ (線形連関の検定を加える)",
    ),
    (
        "out",
        None,
        "survey.json (と survey.schema.json) を書くフォルダー [既定: 回答ファイルのフォルダー]",
    ),
    (
        "output",
        Some("report"),
        "HTML の報告書。ブック (.xlsx) とスライド (.pptx) はその横に書く",
    ),
    (
        "output",
        None,
        "標準出力の代わりに FILE に書く (全部書くか何も書かない。`-` は標準出力)",
    ),
    (
        "output_dir",
        Some("report"),
        "各表の図を DIR に 1 ファイルずつ、表の番号の名前で書く (`01-表1.svg`。HTML・シート・スライドと同じ番号)",
    ),
    (
        "output_dir",
        None,
        "各図を DIR に 1 ファイルずつ、順番と表題の名前で書く (`01-表3.svg`)。スライドや文書用",
    ),
    (
        "own_scale",
        None,
        "地域ごとの図をそれぞれの目盛りで描く (スライドと同じ注意書き付き)。既定は全地域で共通の目盛り",
    ),
    (
        "p_method",
        None,
        "正確な p: 小さい側の裾の 2 倍 (正確な信頼区間と一致する)、または poisson.test の \"minlike\"",
    ),
    (
        "pack",
        None,
        "グラフ集を DIR に書く: 都道府県 (対象の表の都道府県の列。なければ全体で一つ) ごとのフォルダーに報告 (HTML) とブック (グラフ付き)、全体の index.html",
    ),
    (
        "pairwise",
        None,
        "列のすべての組を比べる (各部分表の正確検定、Holm 調整)",
    ),
    ("per", None, "直接法の率の人口単位"),
    ("percent", None, "% の分母"),
    ("port", None, "待ち受けるポート。0 なら空いているポート"),
    ("question", None, "設問の id (表の行)。survey.json のとおり"),
    ("questions", None, "使う設問 [既定: すべて]"),
    (
        "returns",
        Some("checklist"),
        "協議会の回答: 1 行が 1 協議会、項目の id ごとに 1 列",
    ),
    (
        "returns",
        Some("init"),
        "回答ファイル: CSV (renkei の読める文字コード)、JSON、スプレッドシート",
    ),
    (
        "returns",
        None,
        "調査の定義が示すものの代わりに読む回答ファイル (.csv、.tsv、.json、.xlsx)",
    ),
    (
        "reverse",
        None,
        "逆転する項目 (最大 + 最小 − 値)。カンマ区切り。自動では逆転しない",
    ),
    ("rows", None, "行のラベル (カンマ区切り)"),
    ("rule", None, "示す判定の方法"),
    (
        "sections",
        None,
        "章: \"名前=列,列;名前=列,列\" (それぞれ単独でも分析する)",
    ),
    (
        "seed",
        None,
        "モンテカルロ法の乱数の種 (同じ種なら、スレッド数によらず同じ p)",
    ),
    (
        "seeds",
        None,
        "公表された表 (*.json) のフォルダー [既定: 同梱の seeds/]",
    ),
    (
        "sheet",
        None,
        "スプレッドシートのシート [既定: 表のある最初のシート]",
    ),
    ("shell", None, "シェル"),
    (
        "standard",
        None,
        "基準集団: 1 行が項目 × 性 × 年齢階級。または `study` で対象地域の合計 (対県: 各地域をその県と比べる)",
    ),
    (
        "standard_population",
        None,
        "直接法の率を --standard の人口でなく組み込みの基準人口で重み付けする: s60 (昭和60年モデル人口、5 歳階級)",
    ),
    (
        "strata",
        None,
        "層別に使うもう一つの分類: 層ごとの表と一般化 Cochran–Mantel–Haenszel 検定 (例: --strata prefecture)",
    ),
    ("study", None, "対象集団: 1 行が地域 × 項目 × 性 × 年齢階級"),
    (
        "survey",
        Some("reproduce"),
        "調査のフォルダー [既定: 同梱の surveys/renkei-2025]",
    ),
    (
        "survey",
        None,
        "調査のフォルダー (survey.json のあるところ)",
    ),
    (
        "template",
        None,
        "スライドのマスター・テーマ・ロゴを取る 16:9 のスライド (そのスライド自体は使わない)。--format pptx 用",
    ),
    (
        "time_limit",
        None,
        "正確検定にかける時間の上限 (秒)。超えるとモンテカルロ法の推定 (--monte-carlo がなければ B = 100000) が代わりになり、その旨を示す",
    ),
    (
        "unknown_as_missing",
        None,
        "選択肢にない回答を止めずに除外として数える (行と値を示す) [既定: 止める]",
    ),
];

/// The Japanese help of option `id` of command `command`.
fn option_help(command: &str, id: &str) -> Option<&'static str> {
    OPTIONS
        .iter()
        .find(|(i, c, _)| *i == id && *c == Some(command))
        .or_else(|| OPTIONS.iter().find(|(i, c, _)| *i == id && c.is_none()))
        .map(|(_, _, text)| *text)
}

const TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// The command line with its help in Japanese.
pub fn localized(cmd: Command) -> Command {
    let cmd = cmd
        .about("地域・職域連携の調査の統計")
        .long_about(
            "地域・職域連携の調査の統計: 市区町村の区分と産業構造で類型化した回答、実施率の表、独立性の検定。\n\n\
             終了コード: 0 正常、1 不一致または指摘あり、2 使い方または入力の誤り、3 内部エラー、130 中断。",
        )
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
        .next_help_heading("オプション")
        .disable_help_subcommand(true);
    let cmd = japanese_builtins(cmd);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names.into_iter().fold(cmd, |cmd, name| {
        let about = ABOUT.iter().find(|(n, _)| *n == name).map(|(_, a)| *a);
        cmd.mut_subcommand(&name, |sub| {
            let ids: Vec<String> = sub
                .get_arguments()
                .map(|a| a.get_id().to_string())
                .collect();
            let mut sub = sub.help_template(TEMPLATE);
            if let Some(after) = sub.get_after_help().map(|a| a.to_string()) {
                sub = sub.after_help(
                    after
                        .replacen("Examples:", "例:", 1)
                        .replacen("Example:", "例:", 1),
                );
            }
            if let Some(about) = about {
                sub = sub.about(about).long_about(None::<&str>);
            }
            for id in ids {
                let help = option_help(&name, &id);
                sub = sub.mut_arg(&id, |a| {
                    let heading = if a.is_positional() {
                        "引数"
                    } else {
                        "オプション"
                    };
                    // clap words the values and the default in English:
                    // they are said in the help text instead.
                    let values: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .filter(|v| !v.is_hide_set())
                        .map(|v| v.get_name().to_string())
                        .collect();
                    let default: Vec<String> = a
                        .get_default_values()
                        .iter()
                        .map(|v| v.to_string_lossy().into_owned())
                        .collect();
                    let mut text = help.map(str::to_string).unwrap_or_default();
                    if !values.is_empty() && a.get_action().takes_values() {
                        text.push_str(&format!(" (値: {})", values.join("、")));
                    }
                    if !default.is_empty() && !text.contains("[既定") {
                        text.push_str(&format!(" [既定: {}]", default.join(",")));
                    }
                    let takes_values = a.get_action().takes_values();
                    a.help_heading(heading)
                        .help(text)
                        .long_help(None::<&str>)
                        .hide_possible_values(takes_values)
                        .hide_default_value(takes_values)
                });
            }
            japanese_builtins(sub)
        })
    })
}

/// `-h`/`--help` and `-V`/`--version` in Japanese.
fn japanese_builtins(cmd: Command) -> Command {
    use clap::{Arg, ArgAction};
    let with_version = cmd.get_version().is_some();
    let cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("ヘルプを表示する")
            .help_heading("オプション"),
    );
    if with_version {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("版を表示する")
                .help_heading("オプション"),
        )
    } else {
        cmd
    }
}

/// clap's error in Japanese, for the kinds a user meets; others as clap
/// words them.
pub fn error_message(e: &clap::Error) -> String {
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let suggestion = || {
        let s = get(ContextKind::SuggestedArg);
        let s = if s.is_empty() {
            get(ContextKind::SuggestedSubcommand)
        } else {
            s
        };
        let s = if s.is_empty() {
            get(ContextKind::SuggestedValue)
        } else {
            s
        };
        if s.is_empty() {
            String::new()
        } else {
            format!(" ('{s}' のことですか)")
        }
    };
    let usage = get(ContextKind::Usage);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "オプション '{}' はこのコマンドにありません{}",
            get(ContextKind::InvalidArg),
            suggestion()
        ),
        ErrorKind::InvalidSubcommand => format!(
            "コマンド '{}' はありません{}",
            get(ContextKind::InvalidSubcommand),
            suggestion()
        ),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let value = get(ContextKind::InvalidValue);
            let arg = get(ContextKind::InvalidArg);
            if value.is_empty() {
                format!("{arg} には値が必要です")
            } else if valid.is_empty() {
                format!("{arg} に値 '{value}' は使えません")
            } else {
                format!(
                    "{arg} に値 '{value}' は使えません。使える値: {valid}{}",
                    suggestion()
                )
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("必要な引数がありません: {}", get(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand => "コマンドを指定してください (renkei --help で一覧)".into(),
        ErrorKind::ValueValidation => format!(
            "{} の値 '{}' が正しくありません: {}",
            get(ContextKind::InvalidArg),
            get(ContextKind::InvalidValue),
            e.source().map(|s| s.to_string()).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} と {} は一緒に使えません",
            get(ContextKind::InvalidArg),
            get(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("{} は一度だけ指定できます", get(ContextKind::InvalidArg))
        }
        _ => return e.render().to_string(),
    };
    let mut out = format!("エラー: {message}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n{}\n", usage.replace("Usage:", "使い方:")));
    }
    out.push_str("\n詳しくは --help を付けて実行してください。\n");
    out
}

use std::error::Error as _;

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and every option has its Japanese help (an option
    /// added without one would show English in a Japanese help).
    #[test]
    fn every_command_and_option_has_japanese_help() {
        let cmd = super::super::Cli::command();
        let mut missing = Vec::new();
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            if !ABOUT.iter().any(|(n, _)| *n == name) {
                missing.push(format!("{name} (about)"));
            }
            for a in sub.get_arguments() {
                let id = a.get_id().as_str();
                if id != "help" && id != "version" && option_help(name, id).is_none() {
                    missing.push(format!("{name} --{id}"));
                }
            }
        }
        assert!(missing.is_empty(), "no Japanese help: {missing:?}");
    }

    #[test]
    fn the_language_follows_lang_and_the_environment() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(wants_english(&args(&["renkei", "tab", "--lang", "en"])));
        assert!(wants_english(&args(&["renkei", "tab", "--lang=en"])));
        assert!(!wants_english(&args(&["renkei", "tab", "--lang", "ja"])));
    }
}
