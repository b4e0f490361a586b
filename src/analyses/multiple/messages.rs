//! The wording of multiple-answer tables.

use crate::report::messages::format_p;
use crate::report::messages::{Messages, Wording};
use crate::stats::multiple::NotTestable;

#[derive(Debug, Clone, PartialEq)]
pub enum MultipleMsg {
    /// The base row: units that answered the question.
    Base,
    /// Who the base counts, and what became of returns with no option
    /// marked.
    BaseRule {
        blank_row: crate::input::survey::BlankRow,
        respondents: u64,
        no_answer: usize,
        none_chosen: u64,
    },
    Spmi {
        statistic: f64,
        options: usize,
        rao_scott: f64,
        df: f64,
        p_rao_scott: f64,
    },
    /// The time limit stopped the bootstrap after `replicates` resamples.
    BootstrapTimeLimited {
        replicates: usize,
    },
    Bootstrap {
        p: f64,
        replicates: usize,
        /// Resamples left out: an option everyone or no one chose in them.
        discarded: usize,
        seed: u64,
    },
    Bonferroni {
        p: f64,
    },
    NotTestable(NotTestable),
    Counted {
        respondents: u64,
        read: usize,
        outside: usize,
        excluded: usize,
    },
    OptionTestsHeading,
    Option,
    TestColumn,
    PColumn,
    PercentAxis,
}

impl Wording for MultipleMsg {
    fn words(&self, m: Messages) -> String {
        use MultipleMsg as M;
        match self {
            M::Base => m.pick("回答した団体 (割合の分母)".into(), "Units answering (the base)".into()),
            M::BaseRule { blank_row: crate::input::survey::BlankRow::NoAnswer, respondents, no_answer, none_chosen } => m.pick(
                format!("割合の分母 {respondents} 団体: 選択肢の列のどれかに値 (1 または 0) のある団体 (うちどれも選ばなかった {none_chosen})。無回答 (どの列も空欄か、無回答の値) の {no_answer} 団体は分母から除いた。空欄の行を「どれも選ばなかった」として分母に入れるなら、survey.json のこの設問に \"blank_row\": \"none_chosen\" と書く"),
                format!("base {respondents}: units with a value (1 or 0) in any option's column ({none_chosen} of them chose none); {no_answer} not answering (every option's cell empty, or a no-answer value) are left out; to count them as choosing none, write \"blank_row\": \"none_chosen\" in this question of survey.json"),
            ),
            M::BaseRule { blank_row: crate::input::survey::BlankRow::NoneChosen, respondents, no_answer, none_chosen } => m.pick(
                format!("割合の分母 {respondents} 団体: どの列も空欄の行も「どれも選ばなかった」として含む (survey.json の \"blank_row\": \"none_chosen\"; どれも選ばなかった {none_chosen})。無回答として除いたのは無回答の値のある {no_answer} 団体"),
                format!("base {respondents}: rows with every option's cell empty count as choosing none (\"blank_row\": \"none_chosen\" in survey.json; {none_chosen} chose none); {no_answer} marked as no answer are left out"),
            ),
            M::Spmi { statistic, options, rao_scott, df, p_rao_scott } => m.pick(
                format!(
                    "周辺独立性の検定 (Bilder & Loughin 2004): X²_S = {statistic:.4} ({options} 選択肢の和)、Rao–Scott 二次補正 X² = {rao_scott:.4}, 自由度 = {df:.2}, p = {}",
                    format_p(*p_rao_scott)
                ),
                format!(
                    "Test of marginal independence (Bilder & Loughin 2004): X²_S = {statistic:.4} (sum over {options} options), Rao–Scott second-order X² = {rao_scott:.4}, df = {df:.2}, p = {}",
                    format_p(*p_rao_scott)
                ),
            ),
            M::BootstrapTimeLimited { replicates } => m.pick(
                format!("時間の上限でブートストラップを {replicates} 回で止めた (--time-limit で延ばせる)"),
                format!("the time limit stopped the bootstrap after {replicates} resamples (--time-limit allows more)"),
            ),
            M::Bootstrap { p, replicates, discarded: 0, seed } => m.pick(
                format!("ブートストラップ p = {} ({replicates} 回、seed {seed})", format_p(*p)),
                format!("bootstrap p = {} ({replicates} resamples, seed {seed})", format_p(*p)),
            ),
            M::Bootstrap { p, replicates, discarded, seed } => m.pick(
                format!(
                    "ブートストラップ p = {} ({} 回のうち {replicates} 回。{discarded} 回は全員または誰も選ばない選択肢があり統計量がないため除いた、seed {seed})",
                    format_p(*p),
                    replicates + discarded
                ),
                format!(
                    "bootstrap p = {} ({replicates} of {} resamples; {discarded} left out, as an option everyone or no one chose in them has no statistic; seed {seed})",
                    format_p(*p),
                    replicates + discarded
                ),
            ),
            M::Bonferroni { p } => m.pick(
                format!("選択肢ごとの p の最小値の Bonferroni 補正 = {}", format_p(*p)),
                format!("Bonferroni-adjusted minimum of the options' p = {}", format_p(*p)),
            ),
            M::NotTestable(NotTestable::FewGroups) => m.pick(
                "検定できない: 回答のある群が 2 つ未満".into(),
                "not testable: fewer than two groups with respondents".into(),
            ),
            M::NotTestable(NotTestable::ConstantOption) => m.pick(
                "検定できない: 全員が選んだ (または誰も選ばなかった) 選択肢がある".into(),
                "not testable: an option everyone (or no one) chose".into(),
            ),
            M::Counted { respondents, read, outside, excluded } => m.pick(
                format!("回答 {respondents} 団体 (読んだ {read}、この分類の対象外 {outside}、除外 {excluded})"),
                format!("{respondents} units answered (read {read}, outside this grouping {outside}, excluded {excluded})"),
            ),
            M::OptionTestsHeading => m.pick(
                "選択肢ごとの検定 (群 × 選択の有無、Holm 調整)".into(),
                "Each option: group × chosen (Holm-adjusted)".into(),
            ),
            M::Option => m.pick("選択肢".into(), "Option".into()),
            M::TestColumn => m.pick("検定".into(), "Test".into()),
            M::PColumn => "p".into(),
            M::PercentAxis => m.pick("選んだ団体の割合 (%)".into(), "Units choosing it (%)".into()),
        }
    }
}
