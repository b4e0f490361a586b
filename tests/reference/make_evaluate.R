# Reference values for the tests of change in `renkei evaluate`:
#   two proportions: prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
#   two counts:      poisson.test(c(x1, x2), c(t1, t2))
# Run from the repository root:  Rscript tests/reference/make_evaluate.R
options(digits = 17)
props <- data.frame(x1 = c(250, 30, 120, 5, 410, 62), n1 = c(1000, 200, 400, 50, 1000, 310),
                    x2 = c(280, 18, 150, 12, 395, 77), n2 = c(1000, 180, 420, 60, 1100, 300))
props$x2stat <- NA; props$p <- NA
for (i in seq_len(nrow(props))) {
  t <- prop.test(c(props$x1[i], props$x2[i]), c(props$n1[i], props$n2[i]), correct = FALSE)
  props$x2stat[i] <- unname(t$statistic); props$p[i] <- t$p.value
}
write.table(format(props, digits = 17), "tests/reference/evaluate_props.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
counts <- data.frame(x1 = c(120, 45, 9, 300, 0, 17), t1 = c(121700, 50000, 10000, 250000, 8000, 21000),
                     x2 = c(98, 61, 3, 260, 4, 17), t2 = c(101660, 52000, 9000, 260000, 8000, 19000))
counts$p <- NA
for (i in seq_len(nrow(counts))) {
  counts$p[i] <- poisson.test(c(counts$x1[i], counts$x2[i]), c(counts$t1[i], counts$t2[i]))$p.value
}
write.table(format(counts, digits = 17), "tests/reference/evaluate_counts.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
