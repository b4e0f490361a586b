#!/usr/bin/env python3
"""Derive the shipped unit-level returns (returns.csv) from the published margins.

The survey's microdata are not public. What is public (MHLW research team slides,
表3–表5) fixes three margins of one set of 113 unit-level records:
  class group x status (表3), city industry code x status (表4),
  town/village industry code x status (表5).
This script writes one set of records consistent with all three at once.
The joint split of (class group x industry code) within each status is not
identified by the tables; ALLOCATION below is one choice, made plausible
(the urban group is mostly Ⅲ次-heavy code 3; villages are code 0), and
checked against every published margin before anything is written.

Shares are synthetic: drawn (seeded) inside the region of each 類似団体 code,
with a few units exactly on the thresholds to exercise the inclusive rule.
Run:  python3 surveys/renkei-2025/derive.py   (stdlib only; deterministic)
"""
import csv
import os
import random

STATUS = ["積極的に実施", "職域から希望があれば実施", "計画策定・準備はしたが実施機会なし", "未実施"]

# (class group, industry code, status index) -> number of units
ALLOCATION = {
    # 特別区/政令・中核・特例市/行政区 (31 units), typed by the city rule
    ("urban", 2, 0): 1, ("urban", 3, 0): 9,
    ("urban", 2, 1): 1, ("urban", 3, 1): 8,
    ("urban", 3, 2): 1,
    ("urban", 2, 3): 1, ("urban", 3, 3): 10,
    # 市 (55 units)
    ("city", 2, 0): 5, ("city", 3, 0): 5,
    ("city", 2, 1): 16, ("city", 3, 1): 11,
    ("city", 2, 2): 1, ("city", 3, 2): 2,
    ("city", 2, 3): 4, ("city", 3, 3): 11,
    # 町 (24 units), typed by the town-and-village rule
    ("town", 0, 0): 1, ("town", 1, 0): 1, ("town", 2, 0): 1,
    ("town", 0, 1): 3, ("town", 1, 1): 3,
    ("town", 1, 2): 2,
    ("town", 0, 3): 1, ("town", 1, 3): 12,
    # 村 (3 units)
    ("village", 0, 3): 3,
}

# The published tables (docs/domain.md; seeds/table3-5.json), counts by status.
TABLE3 = {"urban": [10, 9, 1, 11], "city": [10, 27, 3, 15], "town": [3, 6, 2, 13], "village": [0, 0, 0, 3]}
TABLE4 = {1: [0, 0, 0, 0], 2: [6, 17, 1, 5], 3: [14, 19, 3, 21]}
TABLE5 = {0: [1, 3, 0, 4], 1: [1, 3, 2, 12], 2: [1, 0, 0, 0]}

# The urban group's classes: not identified by the tables, illustrative only.
URBAN_CLASSES = ["行政区"] * 10 + ["中核市"] * 12 + ["施行時特例市"] * 5 + ["特別区"] * 4
CLASS_NAME = {"city": "市", "town": "町", "village": "村"}

# Synthetic attributes (not from the tables): the four prefectures and the
# designated city are fictional, populations are drawn within a range typical
# of each class, partners chosen more often by units that implement.
PREFECTURES = ["A県", "B県", "C県", "D県"]
POPULATION = {"行政区": (80_000, 300_000), "中核市": (200_000, 600_000), "施行時特例市": (200_000, 290_000),
              "特別区": (100_000, 900_000), "市": (20_000, 250_000), "町": (3_000, 40_000), "村": (800, 6_000)}
PARTNERS = ["商工会議所・商工会", "全国健康保険協会", "労働基準監督署", "産業保健総合支援センター", "医師会", "事業所"]
PARTNER_RATE = [0.35, 0.45, 0.15, 0.30, 0.40, 0.25]


def check_margins():
    def margin(groups, code_filter=None):
        out = {}
        for (g, code, s), n in ALLOCATION.items():
            if g in groups:
                key = code if code_filter else g
                out.setdefault(key, [0, 0, 0, 0])[s] += n
        return out

    m3 = margin({"urban", "city", "town", "village"})
    assert m3 == TABLE3, m3
    m4 = margin({"urban", "city"}, True)
    assert all(m4.get(k, [0, 0, 0, 0]) == v for k, v in TABLE4.items()) and set(m4) <= set(TABLE4), m4
    m5 = margin({"town", "village"}, True)
    assert m5 == TABLE5, m5
    assert len(URBAN_CLASSES) == sum(TABLE3["urban"])


def shares(rng, scheme, code, boundary):
    """Ⅱ次+Ⅲ次 and Ⅲ次 shares (percent, 1 decimal) inside the code's region."""
    r = lambda lo, hi: round(rng.uniform(lo, hi), 1)
    if scheme == "city":
        if boundary:
            return (90.0, 65.0) if code == 3 else (90.0, 64.9)
        s23 = r(90.0, 99.8) if code >= 2 else r(80.0, 89.9)
        s3 = r(65.0, min(s23, 88.0)) if code == 3 else r(52.0, 64.9)
    else:
        if boundary:
            return {0: (79.9, 55.0), 1: (80.0, 59.9), 2: (80.0, 60.0)}[code]
        s23 = r(62.0, 79.9) if code == 0 else r(80.0, 95.0)
        s3 = {0: r(40.0, min(s23, 62.0)), 1: r(45.0, 59.9), 2: r(60.0, min(s23, 75.0))}[code]
    return s23, s3


def main():
    check_margins()
    rng = random.Random(2025)
    urban_classes = iter(URBAN_CLASSES)
    units = []
    for (group, code, status), n in sorted(ALLOCATION.items()):
        scheme = "city" if group in ("urban", "city") else "town"
        for k in range(n):
            cls = next(urban_classes) if group == "urban" else CLASS_NAME[group]
            s23, s3 = shares(rng, scheme, code, boundary=(k == 0 and n >= 3))
            units.append([cls, f"{s23:.1f}", f"{s3:.1f}", STATUS[status]])
    rng.shuffle(units)
    # Synthetic attributes added later with their own seed, so that the
    # columns above stay as they were: prefecture, population, 保健所設置,
    # and a multiple-answer question (partners: one 0/1 column each).
    extra = random.Random(2026)
    rows = []
    for u in units:
        cls = u[0]
        pref = "E市" if cls == "行政区" else extra.choice(PREFECTURES)
        lo, hi = POPULATION[cls]
        population = int(round(extra.uniform(lo, hi), -1))
        centre = "設置" if cls in ("行政区", "中核市", "特別区") else "非設置"
        active = u[3] != STATUS[3]
        if extra.random() < 0.08:
            partners = [""] * len(PARTNERS)  # skipped the question
        else:
            partners = [str(int(extra.random() < (p + (0.25 if active else 0.0)))) for p in PARTNER_RATE]
        rows.append(u + [pref, str(population), centre] + partners)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "returns.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit_id", "class", "share_secondary_tertiary", "share_tertiary", "implementation",
                    "prefecture", "population", "health_centre"] + [f"partner_{k}" for k in range(1, len(PARTNERS) + 1)])
        for i, u in enumerate(rows, 1):
            w.writerow([f"R7-{i:03d}"] + u)
    print(f"wrote {len(units)} units to {out}")


if __name__ == "__main__":
    main()
