# Reference limits of the 95 % interval for the noncentrality λ of an
# observed X² at huge λ (10⁶ to 10¹⁰), for tests/it/noncentral.rs.
#
# R's own pchisq(x, df, ncp) warns that ncp above about 1e5 may be
# inaccurate, so the distribution function here is the Poisson mixture
# written out: P(X ≤ x) = Σ_j dpois(j, λ/2) pchisq(x, df + 2j), summed over
# j within 12 standard deviations of the Poisson mean (the weights beyond
# are below 1e-30). uniroot solves P(X ≤ x2; λ) = 0.975 (lower limit) and
# 0.025 (upper limit) to a relative tolerance of 1e-13.
#
# Run: Rscript tests/reference/make_noncentral.R   (from the repository top)
cdf <- function(x, df, lambda) {
  m <- lambda / 2
  s <- sqrt(m)
  j <- seq(max(0, floor(m - 12 * s)), ceiling(m + 12 * s))
  sum(dpois(j, m) * pchisq(x, df + 2 * j))
}
limit <- function(x2, df, target) {
  sd <- sqrt(2 * (df + 2 * x2))
  f <- function(l) cdf(x2, df, l) - target
  uniroot(f, c(max(0, x2 - df - 12 * sd), x2 - df + 12 * sd), tol = 1e-13 * x2)$root
}
cases <- expand.grid(x2 = c(1e6, 1e8, 1e10), df = c(1, 4))
out <- data.frame(x2 = cases$x2, df = cases$df, lower = NA, upper = NA)
for (i in seq_len(nrow(cases))) {
  out$lower[i] <- limit(cases$x2[i], cases$df[i], 0.975)
  out$upper[i] <- limit(cases$x2[i], cases$df[i], 0.025)
  message(cases$x2[i], " ", cases$df[i], " ", out$lower[i], " ", out$upper[i])
}
out$lower <- formatC(out$lower, digits = 17, format = "g")
out$upper <- formatC(out$upper, digits = 17, format = "g")
out$x2 <- formatC(out$x2, digits = 17, format = "g")
cat(sprintf("# R %s, Poisson mixture summed directly, uniroot\n", getRversion()),
    file = "tests/reference/noncentral.tsv")
suppressWarnings(write.table(out, "tests/reference/noncentral.tsv", sep = "\t", quote = FALSE,
            row.names = FALSE, append = TRUE))
