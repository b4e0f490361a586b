# Reference values for the test of marginal independence between a grouping
# and a multiple-response question (Bilder & Loughin 2004; MRCV's MMI.test,
# which is not packaged for Debian): written out here from the formulas —
# the per-option Pearson X² (0.5 added to zero cells), their sum X²_S, the
# second-order Rao–Scott adjustment from the appendix (response patterns,
# their within-group proportions τ, G, H, D, V), the Bonferroni-adjusted
# minimum p, and a bootstrap p (B = 20000, R's RNG) for a tolerance check.
# Data: tests/reference/mmi_*.csv (group, then one 0/1 column per option),
# written by this script: two seeded synthetic sets and the shipped survey's
# partner question by health_centre.
# Run from the repository root:  Rscript tests/reference/make_mmi.R
options(digits = 17)
dir <- "tests/reference"
set.seed(20261205)

per_option <- function(w, y, add = 0.5) {
  sapply(seq_len(ncol(y)), function(j) {
    t <- table(factor(w), factor(y[, j], levels = c(1, 0)))
    t[t == 0] <- add
    e <- outer(rowSums(t), colSums(t)) / sum(t)
    sum((t - e)^2 / e)
  })
}

rao_scott <- function(w, y) {
  w <- factor(w); r <- nlevels(w); c <- ncol(y); n <- nrow(y)
  patterns <- as.matrix(expand.grid(rep(list(0:1), c)))         # 2^c × c
  key <- apply(y, 1, paste, collapse = "")
  pkey <- apply(patterns, 1, paste, collapse = "")
  n_i <- as.vector(table(w))
  tau <- unlist(lapply(levels(w), function(l) as.vector(table(factor(key[w == l], levels = pkey))) / sum(w == l)))
  G <- kronecker(diag(r), t(patterns))                           # rc × r2^c
  a <- n_i / n
  pi_bar <- colMeans(y)
  H <- diag(r * c) - kronecker(matrix(1, r, r) %*% diag(a), diag(c))
  D <- kronecker(diag(n / n_i), diag(pi_bar * (1 - pi_bar)))
  V <- matrix(0, r * 2^c, r * 2^c)
  for (i in 1:r) {
    idx <- ((i - 1) * 2^c + 1):(i * 2^c)
    ti <- tau[idx]
    V[idx, idx] <- (diag(ti) - tcrossprod(ti)) / a[i]
  }
  M <- diag(1 / diag(D)) %*% H %*% G %*% V %*% t(G) %*% t(H)
  sum(Re(eigen(M, only.values = TRUE)$values)^2)
}

analyse <- function(name, w, y, B = 20000) {
  x <- per_option(w, y)
  s <- sum(x); r <- length(unique(w)); c <- ncol(y)
  sq <- rao_scott(w, y)
  stat <- (r - 1) * c * s / sq; df <- (r - 1)^2 * c^2 / sq
  p_bon <- min(c * min(pchisq(x, r - 1, lower.tail = FALSE)), 1)
  n <- nrow(y); boot <- numeric(0)
  while (length(boot) < B) {
    yy <- y[sample.int(n, n, replace = TRUE), , drop = FALSE]
    if (all(colSums(yy) > 0 & colSums(yy) < n)) boot <- c(boot, sum(per_option(w, yy)))
  }
  data.frame(case = name, statistic = s, statistic_rao_scott = stat, df = df,
             p_rao_scott = pchisq(stat, df, lower.tail = FALSE), p_bonferroni = p_bon,
             p_bootstrap = mean(boot >= s), bootstrap_b = B,
             per_option = paste(format(x, digits = 17), collapse = ";"))
}

synthetic <- function(n, r, c, shift) {
  w <- sample(paste0("g", 1:r), n, replace = TRUE)
  base <- runif(c, 0.2, 0.6)
  latent <- rnorm(n)
  y <- sapply(1:c, function(j) as.integer(runif(n) < plogis(qlogis(base[j]) + 0.8 * latent + shift * (w == "g1"))))
  data.frame(group = w, y)
}
cases <- list(
  mmi_independent = synthetic(150, 3, 4, 0),
  mmi_associated = synthetic(220, 4, 5, 0.7)
)
ret <- read.csv("surveys/renkei-2025/returns.csv", colClasses = "character", encoding = "UTF-8")
answered <- rowSums(ret[, paste0("partner_", 1:6)] != "") > 0
shipped <- data.frame(group = ret$health_centre[answered],
                      sapply(1:6, function(k) as.integer(ret[answered, paste0("partner_", k)] == "1")))
cases$mmi_shipped_health_centre <- shipped
rows <- list()
for (name in names(cases)) {
  d <- cases[[name]]
  write.csv(d, file.path(dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  rows[[length(rows) + 1]] <- analyse(name, d$group, as.matrix(d[, -1]))
}
write.table(format(do.call(rbind, rows), digits = 17), file.path(dir, "mmi.tsv"), sep = "\t",
            quote = FALSE, row.names = FALSE)
