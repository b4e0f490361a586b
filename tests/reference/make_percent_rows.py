#!/usr/bin/env python3
"""Expected z and two-sided p of the pooled two-proportion z test (the
closed form of prop.test(correct = FALSE): z = (p2 - p1) / sqrt(pbar (1 -
pbar) (1/n1 + 1/n2)), pbar = (p1 n1 + p2 n2) / (n1 + n2)) for plan rows whose
values are percents, for tests/it/evaluate.rs. Written independently of
renkei, with Python's math.erfc. Run: python3 tests/reference/make_percent_rows.py
"""
import math

cases = [
    # baseline %, current %, n1, n2
    (1.2, 0.9, 5000, 5000),
    (2.1, 0.8, 3000, 3000),
    (0.9, 0.6, 4000, 4000),
]
print("baseline\tcurrent\tn1\tn2\tz\tp")
for b, c, n1, n2 in cases:
    p1, p2 = b / 100, c / 100
    pbar = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p2 - p1) / math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2))
    p = math.erfc(abs(z) / math.sqrt(2))
    print(f"{b}\t{c}\t{n1}\t{n2}\t{z:.15g}\t{p:.15g}")
