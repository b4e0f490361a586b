# Reference values for renkei's tests of independence, from R's own functions.
#
# Writes tests/reference/tables.tsv: one table per line with R's
#   chisq.test(correct = FALSE)   Pearson X², df, p
#   G² = 2 Σ O log(O/E)           with pchisq(lower.tail = FALSE)
#   chisq.test(correct = TRUE)    Yates (2×2 only)
#   fisher.test(workspace = 2e8)  exact p (where R finishes within 10 s; each
#                                 call runs in a forked child that is killed
#                                 at the limit, since FEXACT cannot be interrupted)
# computed on the table with its all-zero rows and columns dropped (renkei's
# rule; R itself returns NaN on a zero margin).
#
# Run: Rscript tests/reference/make_reference.R   (or tests/reference/regenerate.sh)
set.seed(20251121)

tables <- list()
add <- function(kind, m) {
  tables[[length(tables) + 1]] <<- list(kind = kind, m = m)
}
rand_table <- function(r, c, n, probs = NULL) {
  if (is.null(probs)) probs <- rep(1, r * c)
  m <- matrix(rmultinom(1, n, probs), r, c)
  m
}
# Small tables: every test, exact included.
for (i in 1:120) {
  r <- sample(2:4, 1); c <- sample(2:4, 1); n <- sample(10:60, 1)
  add("small", rand_table(r, c, n, runif(r * c)^2))
}
# Medium tables: up to 6×6, n up to 150.
for (i in 1:80) {
  r <- sample(2:6, 1); c <- sample(2:6, 1); n <- sample(20:150, 1)
  add("medium", rand_table(r, c, n, runif(r * c)))
}
# Large tables: up to 6×8, n up to 5000 (asymptotic tests).
for (i in 1:50) {
  r <- sample(2:6, 1); c <- sample(2:8, 1); n <- sample(200:5000, 1)
  add("large", rand_table(r, c, n, runif(r * c) + 0.2))
}
# Sparse tables: most cells zero.
for (i in 1:25) {
  r <- sample(3:6, 1); c <- sample(3:6, 1); n <- sample(10:40, 1)
  p <- runif(r * c); p[p < 0.6] <- 0; if (sum(p) == 0) p[1] <- 1
  add("sparse", rand_table(r, c, n, p))
}
# Zero rows and columns (dropped before the test).
for (i in 1:20) {
  r <- sample(3:5, 1); c <- sample(3:5, 1); n <- sample(15:80, 1)
  m <- rand_table(r, c, n, runif(r * c))
  m[sample(1:r, 1), ] <- 0
  if (i %% 2 == 0) m[, sample(1:c, 1)] <- 0
  add("zero-margins", m)
}
# Huge counts (asymptotic tests only).
for (i in 1:15) {
  r <- sample(2:5, 1); c <- sample(2:5, 1); n <- sample(1e5:1e7, 1)
  add("huge", rand_table(r, c, n, runif(r * c) + 0.5))
}
# Strong association, tiny p.
for (i in 1:15) {
  r <- sample(2:4, 1); c <- sample(2:4, 1); n <- sample(30:150, 1)
  p <- matrix(0.2, r, c); diag(p[1:min(r, c), 1:min(r, c)]) <- 3
  add("strong", rand_table(r, c, n, as.vector(p)))
}
# The published tables.
add("published", matrix(c(10,10,3,0, 9,27,6,0, 1,3,2,0, 11,15,13,3), 4, byrow = TRUE))
add("published", matrix(c(0,6,14, 0,17,19, 0,1,3, 0,5,21), 4, byrow = TRUE))
add("published", matrix(c(1,1,1, 3,3,0, 0,2,0, 4,12,0), 4, byrow = TRUE))

fisher_with_timeout <- function(t, secs = 10) {
  job <- parallel::mcparallel(fisher.test(t, workspace = 2e8)$p.value, silent = TRUE)
  res <- parallel::mccollect(job, wait = FALSE, timeout = secs)
  if (is.null(res)) {
    tools::pskill(job$pid)
    parallel::mccollect(job, wait = FALSE)
    return(NA)
  }
  v <- res[[1]]
  if (is.numeric(v)) v else NA
}
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
out <- file("tables.tsv", "w")
writeLines(paste("id", "kind", "counts", "pearson_statistic", "pearson_df", "pearson_p",
                 "g2_statistic", "g2_p", "yates_statistic", "yates_p", "fisher_p", sep = "\t"), out)
for (k in seq_along(tables)) {
  m <- tables[[k]]$m
  counts <- paste(apply(m, 1, paste, collapse = ","), collapse = ";")
  t <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE]
  if (nrow(t) < 2 || ncol(t) < 2) next
  x <- suppressWarnings(chisq.test(t, correct = FALSE))
  E <- x$expected
  g2 <- 2 * sum(ifelse(t > 0, t * log(t / E), 0))
  g2p <- pchisq(g2, x$parameter, lower.tail = FALSE)
  ys <- NA; yp <- NA
  if (all(dim(t) == 2)) {
    y <- suppressWarnings(chisq.test(t, correct = TRUE))
    ys <- unname(y$statistic); yp <- y$p.value
  }
  fp <- NA
  kind <- tables[[k]]$kind
  small_enough <- (nrow(t) - 1) * (ncol(t) - 1) <= 9 && sum(t) <= 150
  if (kind %in% c("small", "sparse", "zero-margins", "published") ||
      (kind %in% c("medium", "strong") && small_enough)) {
    fp <- fisher_with_timeout(t)
  }
  writeLines(paste(k, tables[[k]]$kind, counts, fmt(unname(x$statistic)), fmt(unname(x$parameter)),
                   fmt(x$p.value), fmt(g2), fmt(g2p), fmt(ys), fmt(yp), fmt(fp), sep = "\t"), out)
}
close(out)
cat(R.version.string, "\n")
