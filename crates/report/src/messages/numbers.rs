//! Numbers as renkei prints them in sentences and tables.

/// A p-value as the slides print it: three decimals, or `<0.001`.
pub fn format_p(p: f64) -> String {
    if p.is_nan() {
        "NA".into()
    } else if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value with four significant digits (in exponent form when tiny).
pub fn format_p_full(p: f64) -> String {
    if p == 0.0 {
        "0".into()
    } else if p < 1e-4 {
        format!("{p:.3e}")
    } else {
        format!("{p:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_formatting() {
        assert_eq!(format_p(0.07334), "0.073");
        assert_eq!(format_p(0.13057), "0.131");
        assert_eq!(format_p(0.09435), "0.094");
        assert_eq!(format_p(0.0004), "<0.001");
        assert_eq!(format_p(1.0), "1.000");
        assert_eq!(format_p_full(0.22182), "0.2218");
        assert_eq!(format_p_full(0.0), "0");
    }
}
