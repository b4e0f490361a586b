//! Pieces of sentences that several messages share.

use super::{Candidate, Messages, format_p};
use renkei_stats::ChiSquareTest;
use renkei_text::Name;

pub(super) fn join_names(m: Messages, names: &[Name]) -> String {
    names
        .iter()
        .map(|n| m.name(n))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn stat_line(name: &str, x: &ChiSquareTest, m: Messages) -> String {
    m.pick(
        format!(
            "{name} = {:.4}, 自由度 = {}, p = {}",
            x.statistic,
            x.df,
            format_p(x.p)
        ),
        format!(
            "{name} = {:.4}, df = {}, p = {}",
            x.statistic,
            x.df,
            format_p(x.p)
        ),
    )
}

pub(super) fn candidate(c: &Candidate, m: Messages) -> String {
    match c {
        Candidate::PearsonNoCorrection => m.pick(
            "連続性補正なしの Pearson χ²".into(),
            "Pearson χ² without continuity correction".into(),
        ),
        Candidate::PearsonFullDf { df } => m.pick(
            format!("自由度 {df} の Pearson χ² (空のカテゴリを数えた)"),
            format!("Pearson χ² with df = {df} (empty categories counted)"),
        ),
        Candidate::Yates => m.pick(
            "Yates の連続性補正つき Pearson χ²".into(),
            "Pearson χ² with Yates' continuity correction".into(),
        ),
        Candidate::LikelihoodRatio => m.pick("尤度比 G²".into(), "likelihood-ratio G²".into()),
        Candidate::Exact => m.pick(
            "Fisher–Freeman–Halton 正確検定".into(),
            "Fisher–Freeman–Halton exact test".into(),
        ),
    }
}
