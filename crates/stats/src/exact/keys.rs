//! Node and past keys: a node's sorted row totals packed into one integer,
//! and a past as an integer whose order is the order of the floats.

use super::tuning::PAST_CELLS_PER_UNIT;

/// A node: the sorted remaining totals, packed 16 bits each into a u128.
pub(super) type Key = u128;

pub(super) fn pack(v: &[u32]) -> Key {
    v.iter().fold(0u128, |k, &x| (k << 16) | x as u128)
}

pub(super) fn unpack(k: Key, len: usize, out: &mut [u32]) {
    for i in (0..len).rev() {
        out[len - 1 - i] = ((k >> (16 * i)) & 0xFFFF) as u32;
    }
}

/// Sorts a short vector in decreasing order (insertion sort: at most 8 items).
pub(super) fn sort_desc(v: &mut [u32]) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && v[j - 1] < x {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

/// A past (past, paths) as an integer whose order is the order of
/// `f64::total_cmp` on the past, then on the paths (positive, so their
/// bits are in their order): integers sort faster than pairs of floats
/// under a comparison closure.
pub(super) fn past_key((past, paths): (f64, f64)) -> u128 {
    let bits = past.to_bits();
    // Negative floats in reverse, positive ones above them.
    let ordered = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    u128::from(ordered) << 64 | u128::from(paths.to_bits())
}

/// The cell of width 1/`PAST_CELLS_PER_UNIT` a past falls in. Pasts of
/// one cell at one node are merged into one: the smallest past, with the
/// paths of all. Paths that reach a node with equal pasts (sums of the same
/// log-factorials in another order, equal up to rounding) are common on
/// irregular margins: on a 4×8 table with n = 80, 3.9 million pasts arrived
/// at the nodes of one stage and 0.1 million cells were distinct. The
/// merged past depends only on which pasts arrive, never on their order or
/// on which thread sent them (the minimum, and sums of whole numbers of
/// paths, exact below 2⁵³), so pasts may be merged as they are sent
/// (`RecentCells`) as well as at the node, and p stays the same on any
/// number of threads. (Merging a past into the previous one when within
/// `PAST_QUANTUM`, as before, depended on the order.)
#[inline]
pub(super) fn past_cell(past: f64) -> i64 {
    (past * PAST_CELLS_PER_UNIT).floor() as i64
}

/// The past `past_key` made `key` from.
pub(super) fn from_past_key(key: u128) -> (f64, f64) {
    let ordered = (key >> 64) as u64;
    let bits = if ordered >> 63 == 1 {
        ordered & !(1 << 63)
    } else {
        !ordered
    };
    (f64::from_bits(bits), f64::from_bits(key as u64))
}
