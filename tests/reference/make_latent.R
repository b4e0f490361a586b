# Reference values for `renkei scale --factors K --cor tetrachoric|polychoric`:
# psych::tetrachoric on the checklist example (33 complete rows, 32 two-valued
# items) and psych::polychoric on bfi's 25 items (bfi25.csv, 6 categories:
# thresholds from each item's margins) and on five agreeableness items with
# A1's 6 folded into 5 (bfi_a_folded.csv: unequal numbers of categories, so
# psych takes each pair's own thresholds).
#
# psych finds each ρ with optimize's default tolerance (about 1e-4) and the
# bivariate normal by mnormt::sadmvn (error up to 1e-6), so rows "psych" are
# about 1e-4 from the maximum of the likelihood. Rows "tight" are the same
# two-step estimate with psych's thresholds, psych's 0.5 for empty cells and
# psych's cor.smooth, its likelihood maximized by optimize(tol = 1e-12) with
# the bivariate normal from mnormt::pmnorm (Genz's BVN, double precision).
# Run from the repository root:  Rscript tests/reference/make_latent.R
suppressPackageStartupMessages({ library(psych); library(mnormt); library(jsonlite) })
options(digits = 17, mc.cores = 1)
dir <- "tests/reference"
bfi25 <- as.matrix(read.csv(file.path(dir, "bfi25.csv")))
folded <- bfi25[, c("A1", "A2", "A3", "A4", "A5")]
folded[folded[, "A1"] == 6, "A1"] <- 5
write.csv(folded, file.path(dir, "bfi_a_folded.csv"), row.names = FALSE)
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
items <- unname(unlist(lapply(def$sections, function(s) sapply(s$items, function(i) i$id))))
ck <- read.csv("checklists/examples/prefecture-32.csv", check.names = FALSE, colClasses = "character")
ck <- na.omit(sapply(items, function(i) ifelse(ck[[i]] == "", NA, as.numeric(ck[[i]]))))

# P(X < h, Y < k) with the infinite ends.
below <- function(h, k, rho) {
  if (h == -Inf || k == -Inf) return(0)
  if (h == Inf) return(pnorm(k))
  if (k == Inf) return(pnorm(h))
  pmnorm(c(h, k), varcov = matrix(c(1, rho, rho, 1), 2))
}
cells <- function(rho, rc, cc) {
  F <- outer(seq_along(rc), seq_along(cc), Vectorize(function(a, b) below(rc[a], cc[b], rho)))
  F[-1, -1, drop = FALSE] - F[-nrow(F), -1, drop = FALSE] - F[-1, -ncol(F), drop = FALSE] +
    F[-nrow(F), -ncol(F), drop = FALSE]
}
fit <- function(tab, rc, cc) {
  f <- function(rho) {
    P <- cells(rho, rc, cc)
    ok <- P > 0 & is.finite(log(P))
    -sum(tab[ok] * log(P[ok]))
  }
  optimize(f, c(-1, 1), tol = 1e-12)$minimum
}
cuts <- function(counts) c(-Inf, qnorm(cumsum(counts)[-length(counts)] / sum(counts)), Inf)
pairs_of <- function(p, rho) {
  R <- diag(p)
  for (i in 2:p) for (j in 1:(i - 1)) R[i, j] <- R[j, i] <- rho(i, j)
  suppressWarnings(cor.smooth(R))
}
tet_tight <- function(x) {
  x <- t(t(x) - apply(x, 2, min))
  tau <- -qnorm(colMeans(x))
  pairs_of(ncol(x), function(i, j) {
    tab <- unclass(table(factor(x[, i], 0:1), factor(x[, j], 0:1)))
    tab[tab == 0] <- 0.5
    fit(tab, c(-Inf, tau[i], Inf), c(-Inf, tau[j], Inf))
  })
}
poly_tight <- function(x) {
  x <- x - min(x) + 1
  nv <- max(x)
  global <- length(unique(apply(x, 2, max))) == 1
  counts <- apply(x, 2, tabulate, nbins = nv)
  pairs_of(ncol(x), function(i, j) {
    tab <- unclass(table(factor(x[, i], 1:nv), factor(x[, j], 1:nv)))
    if (global) return(fit(tab, cuts(counts[, i]), cuts(counts[, j])))
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    tab[tab == 0] <- 0.5
    fit(tab, cuts(rowSums(tab)), cuts(colSums(tab)))
  })
}
out <- NULL
emit <- function(case, source, R) {
  idx <- which(upper.tri(R), arr.ind = TRUE)
  out <<- rbind(out, data.frame(case, source, i = idx[, 1], j = idx[, 2], value = R[idx]))
}
emit("checklist-tetrachoric", "psych", suppressMessages(tetrachoric(ck)$rho))
emit("checklist-tetrachoric", "tight", tet_tight(ck))
emit("bfi25-polychoric", "psych", suppressMessages(polychoric(bfi25)$rho))
emit("bfi25-polychoric", "tight", poly_tight(bfi25))
emit("bfi-a-folded-polychoric", "psych", suppressWarnings(suppressMessages(polychoric(folded)$rho)))
emit("bfi-a-folded-polychoric", "tight", poly_tight(folded))
write.table(out, file.path(dir, "latent.tsv"), sep = "\t", row.names = FALSE, quote = FALSE)
