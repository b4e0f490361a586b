# Reference values for the generalized Cochran–Mantel–Haenszel test
# (renkei tab --strata): R's mantelhaen.test on seeded r × c × K arrays
# (2 × 2 × K with correct = FALSE, the statistic renkei reports) and on the
# shipped survey's implementation × class stratified by prefecture.
# Writes tests/reference/cmh.tsv: case, dims, counts (column-major), statistic, df, p.
# Run from the repository root:  Rscript tests/reference/make_cmh.R
options(digits = 17)
set.seed(20261205)
cases <- list(
  a342 = array(rpois(3 * 4 * 2, 8), c(3, 4, 2)),
  a235 = array(rpois(2 * 3 * 5, 5) + 1, c(2, 3, 5)),
  a224 = array(rpois(2 * 2 * 4, 12), c(2, 2, 4)),
  a447 = array(rpois(4 * 4 * 7, 3) + 1, c(4, 4, 7))
)
ret <- read.csv("surveys/renkei-2025/returns.csv", colClasses = "character", encoding = "UTF-8")
group <- ifelse(ret$class %in% c("特別区", "政令指定都市", "中核市", "施行時特例市", "行政区"), "urban", ret$class)
status <- c("積極的に実施", "職域から希望があれば実施", "計画策定・準備はしたが実施機会なし", "未実施")
tab <- table(factor(ret$implementation, levels = status), factor(group, levels = c("urban", "市", "町", "村")),
             factor(ret$prefecture, levels = c("A県", "B県", "C県", "D県", "E市")))
# As renkei tests it: categories and groups empty in every stratum dropped (村 here is not).
keep_r <- apply(tab, 1, sum) > 0; keep_c <- apply(tab, 2, sum) > 0
cases$shipped_by_prefecture <- tab[keep_r, keep_c, , drop = FALSE]
rows <- list()
for (name in names(cases)) {
  x <- cases[[name]]
  t <- if (all(dim(x)[1:2] == 2)) mantelhaen.test(x, correct = FALSE) else mantelhaen.test(x)
  rows[[length(rows) + 1]] <- data.frame(case = name, dims = paste(dim(x), collapse = ","),
    counts = paste(as.vector(x), collapse = ","), statistic = unname(t$statistic),
    df = unname(t$parameter), p = t$p.value)
}
write.table(format(do.call(rbind, rows), digits = 17), "tests/reference/cmh.tsv", sep = "\t",
            quote = FALSE, row.names = FALSE)
