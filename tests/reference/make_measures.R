# Reference values for renkei's effect sizes, residuals and adjustments,
# from R's own functions, on the tables of tables.tsv (made by
# make_reference.R), each with its all-zero rows and columns dropped.
#
# Writes tests/reference/measures.tsv, one table per line:
#   cramers_v            sqrt(X² / (n (k − 1))), X² from chisq.test(correct = FALSE)
#   cramers_v_corrected  Bergsma (2013): sqrt(φ̃² / min(r̃ − 1, c̃ − 1)),
#                        φ̃² = max(0, φ² − (r − 1)(c − 1)/(n − 1)),
#                        r̃ = r − (r − 1)²/(n − 1), c̃ likewise
#   ci_lower, ci_upper   95 % interval for V from the interval for the
#                        noncentrality λ of X²: pchisq(X², df, ncp = λ) =
#                        0.975 and 0.025, solved by uniroot (0 when even
#                        λ = 0 leaves X² below the upper quantile); each
#                        limit as sqrt(λ / (n (k − 1))), clipped to [0, 1]
#   lbl_statistic, lbl_p linear-by-linear M² = (n − 1) r², r the correlation
#                        of the scores 1..r and 1..c weighted by the counts
#                        (cov.wt), and pchisq(M², 1, lower.tail = FALSE)
#   stdres               chisq.test(correct = FALSE)$stdres (Haberman's
#                        adjusted residuals), rows separated by ';'
# and tests/reference/adjust.tsv: random p-value vectors with
# p.adjust(method = "holm") and p.adjust(method = "BH").
#
# Run: Rscript tests/reference/make_measures.R   (or regenerate.sh)
set.seed(20261122)
tables <- read.delim("tables.tsv", colClasses = c(counts = "character"))
fmt <- function(x) sprintf("%.17g", x)
out <- data.frame()
for (i in seq_len(nrow(tables))) {
  rows <- strsplit(strsplit(tables$counts[i], ";")[[1]], ",")
  m <- do.call(rbind, lapply(rows, as.numeric))
  m <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  r <- nrow(m); c <- ncol(m); n <- sum(m); k <- min(r, c)
  if (k < 2 || n < 2) next
  test <- suppressWarnings(chisq.test(m, correct = FALSE))
  x2 <- unname(test$statistic); df <- unname(test$parameter)
  v <- min(1, sqrt(x2 / (n * (k - 1))))
  phi2c <- max(0, x2 / n - (r - 1) * (c - 1) / (n - 1))
  rc <- r - (r - 1)^2 / (n - 1); cc <- c - (c - 1)^2 / (n - 1)
  vc <- sqrt(phi2c / min(rc - 1, cc - 1))
  limit <- function(target) {
    f <- function(l) pchisq(x2, df, ncp = l) - target
    if (f(0) < 0) return(0)
    hi <- max(1, x2)
    while (f(hi) > 0) hi <- hi * 2
    uniroot(f, c(0, hi), tol = 1e-13 * max(1, hi))$root
  }
  to_v <- function(l) min(1, sqrt(max(0, l) / (n * (k - 1))))
  ci_lower <- to_v(limit(0.975)); ci_upper <- to_v(limit(0.025))
  scores <- expand.grid(x = seq_len(r), y = seq_len(c))
  w <- as.vector(m)
  rr <- cov.wt(as.matrix(scores), wt = w / n, cor = TRUE)$cor[1, 2]
  m2 <- (n - 1) * rr^2
  stdres <- paste(apply(test$stdres, 1, function(row) paste(fmt(row), collapse = ",")),
                  collapse = ";")
  out <- rbind(out, data.frame(
    id = tables$id[i], counts = tables$counts[i],
    cramers_v = fmt(v), cramers_v_corrected = fmt(vc),
    ci_lower = fmt(ci_lower), ci_upper = fmt(ci_upper),
    lbl_statistic = fmt(m2), lbl_p = fmt(pchisq(m2, 1, lower.tail = FALSE)),
    stdres = stdres))
}
write.table(out, "measures.tsv", sep = "\t", quote = FALSE, row.names = FALSE)

adjust <- data.frame()
for (i in 1:60) {
  m <- sample(1:12, 1)
  p <- runif(m)^sample(1:4, 1)
  if (i %% 5 == 0) p[sample(seq_len(m), 1)] <- p[1]  # ties
  adjust <- rbind(adjust, data.frame(
    p = paste(fmt(p), collapse = ","),
    holm = paste(fmt(p.adjust(p, "holm")), collapse = ","),
    bh = paste(fmt(p.adjust(p, "BH")), collapse = ",")))
}
write.table(adjust, "adjust.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
