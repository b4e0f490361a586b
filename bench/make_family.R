# The seeded family of irregular-margin tables that issue 25 judges the exact
# test's speed on: row and column shares from Dirichlet(2), mild association
# (cell weights multiplied by exp(0.3 z), z standard normal), shapes 4×4 to
# 5×8, n from 70 to 400, no empty row or column. Writes bench/family.txt in
# the format of bench/tables.txt.
# Run from the repository root:  Rscript bench/make_family.R
set.seed(20261205)
rdirichlet <- function(k, a = 2) { g <- rgamma(k, a); g / sum(g) }
shapes <- list(c(4,4), c(4,5), c(5,5), c(3,6), c(3,8), c(5,6), c(6,6), c(4,8), c(5,8))
sizes <- c(70, 80, 100, 120, 150, 200, 250, 300, 400)
lines <- "# name\tcounts (rows ';', cells ',') — irregular margins (make_family.R)"
k <- 0
while (k < 27) {
  s <- shapes[[(k %% length(shapes)) + 1]]
  n <- sizes[((k * 4) %% length(sizes)) + 1]
  r <- rdirichlet(s[1]); c <- rdirichlet(s[2])
  w <- outer(r, c) * exp(0.3 * matrix(rnorm(s[1] * s[2]), s[1]))
  x <- matrix(rmultinom(1, n, as.vector(w / sum(w))), s[1])
  if (any(rowSums(x) == 0) || any(colSums(x) == 0)) next
  k <- k + 1
  name <- sprintf("f%02d_%dx%d_n%d", k, s[1], s[2], n)
  lines <- c(lines, paste0(name, "\t", paste(apply(x, 1, paste, collapse = ","), collapse = ";")))
}
writeLines(lines, "bench/family.txt")
