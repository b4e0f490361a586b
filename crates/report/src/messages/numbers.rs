//! Numbers as renkei prints them in sentences and tables: the one place
//! where a number becomes text for people. (JSON keeps full precision;
//! CSV writes p-values in full, since it is read by programs.)

/// A p-value for people: four decimals, or `< 0.001` below 0.001 (a smaller
/// p is not more meaningful, and `3.553e-62` reads as noise on a slide).
pub fn format_p(p: f64) -> String {
    if p.is_nan() {
        "NA".into()
    } else if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.4}")
    }
}

/// A p-value as the slides print it: three decimals, or `<0.001` (the
/// reproduced tables' lines, compared with the printed ones).
pub fn format_p_slide(p: f64) -> String {
    if p.is_nan() {
        "NA".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value for programs (CSV): the shortest text that reads back as the
/// same double, as JSON writes it (`3.5526031416483585e-62`).
pub fn format_p_data(p: f64) -> String {
    serde_json::Number::from_f64(p).map_or_else(|| "NA".into(), |n| n.to_string())
}

/// A number as a plan prints it: up to two decimals, trailing zeros dropped.
pub fn format_figure(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A fiscal year: `2010`, or in 和暦 (`平成22年度`, `令和元年度`; in English
/// `FY2010 (H22)`) where the input wrote its years so. A 年度 that begins in
/// April 2019 is 令和元年度.
pub fn format_year(year: i32, era: bool, m: super::Messages) -> String {
    if !era {
        return year.to_string();
    }
    let (name, letter, n) = match year {
        2019.. => ("令和", 'R', year - 2018),
        1989.. => ("平成", 'H', year - 1988),
        1926.. => ("昭和", 'S', year - 1925),
        _ => return year.to_string(),
    };
    let ja = if n == 1 {
        format!("{name}元年度")
    } else {
        format!("{name}{n}年度")
    };
    m.pick(ja, format!("FY{year} ({letter}{n})"))
}

/// A number at fixed decimals; a value that rounds to zero is `0.00`,
/// never `-0.00`.
pub fn format_fixed(v: f64, decimals: u8) -> String {
    unsigned_zero(format!("{v:.prec$}", prec = decimals as usize))
}

/// A signed change at fixed decimals (`+1.2`, `-0.4`, `+3.4%`); one that
/// rounds to zero has no sign (`0.0`).
pub fn format_change(v: f64, decimals: u8, percent: bool) -> String {
    let s = format!("{v:+.prec$}", prec = decimals as usize);
    let s = if s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    };
    if percent { s + "%" } else { s }
}

/// `-0.00` as `0.00`: a sign on a printed zero reads as a finding.
fn unsigned_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_formatting() {
        assert_eq!(format_p(0.22182), "0.2218");
        assert_eq!(format_p(0.0944), "0.0944");
        assert_eq!(format_p(0.001), "0.0010");
        assert_eq!(format_p(0.000999), "< 0.001");
        assert_eq!(format_p(0.0), "< 0.001");
        assert_eq!(format_p(1.0), "1.0000");
        assert_eq!(format_p_data(3.553e-62), "3.553e-62");
        assert_eq!(format_p_data(0.07922739644312443), "0.07922739644312443");
        assert_eq!(format_p_slide(0.07334), "0.073");
        assert_eq!(format_p_slide(0.0004), "<0.001");
    }

    #[test]
    fn figures_and_changes() {
        assert_eq!(format_figure(98.60), "98.6");
        assert_eq!(format_figure(12.0), "12");
        assert_eq!(format_figure(-0.001), "0");
        assert_eq!(format_change(0.034 * 100.0, 1, true), "+3.4%");
        assert_eq!(format_change(-0.4, 1, false), "-0.4");
        assert_eq!(format_change(-0.04, 1, true), "0.0%");
        assert_eq!(format_fixed(-0.001, 2), "0.00");
        assert_eq!(format_fixed(-0.5, 0), "0");
        assert_eq!(format_fixed(-1.5, 1), "-1.5");
    }
}
