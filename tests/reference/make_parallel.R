# Reference values for `renkei scale --parallel`: psych::fa.parallel with its
# defaults (fa = "both", n.iter = 20, quant = 0.95) after set.seed(1), on
# psych's bfi (25 items, complete rows: bfi25.csv, written by
# make_factors.R) and on the checklist example (32 binary items).
#
# options(mc.cores = 1): fa.parallel runs its iterations through
# parallel::mclapply, whose workers reseed themselves when there are two or
# more, so its draws cannot be reproduced from set.seed; on one core they
# come from one stream in turn, which renkei reproduces.
#
# psych's fa() stops its optimizer by the change in the fit, so its factor
# eigenvalues sit up to about 1e-3 from the converged one-factor fit on
# these near-null random correlation matrices. Rows "minres-tight" and
# "ml-tight" repeat fa.parallel's loop step by step (same draws, checked
# below against psych's own component eigenvalues) with each one-factor fit
# run to convergence by R's own L-BFGS-B (factr = 1, pgtol = 0), from
# psych's start (1 − smc) within psych's bounds (0.005, max(1, smc)), on the
# minres (ULS) fit Σ_{j>1} e_j² of R − Ψ with gradient 2·diag(λλ′ + Ψ − R)
# and on psych's ML fit (its FAfn, gradient FAgr).
# Run from the repository root:  Rscript tests/reference/make_parallel.R
suppressPackageStartupMessages({ library(psych); library(jsonlite) })
options(digits = 17, mc.cores = 1)
dir <- "tests/reference"
bfi25 <- read.csv(file.path(dir, "bfi25.csv"))
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
items <- unname(unlist(lapply(def$sections, function(s) sapply(s$items, function(i) i$id))))
ck <- read.csv("checklists/examples/prefecture-32.csv", check.names = FALSE, colClasses = "character")
ck <- na.omit(sapply(items, function(i) ifelse(ck[[i]] == "", NA, as.numeric(ck[[i]]))))
out <- NULL
emit <- function(case, fm, what, v) {
  out <<- rbind(out, data.frame(case, fm, what, i = seq_along(v), value = v))
}
summarise <- function(case, fm, values, p) {
  # values: one row per iteration; columns resampled pc, resampled fa,
  # simulated pc, simulated fa (p each), as fa.parallel's $values.
  part <- function(k) values[, (k * p + 1):((k + 1) * p), drop = FALSE]
  names <- c("resampled_pc", "resampled_fa", "simulated_pc", "simulated_fa")
  for (k in 0:3) {
    emit(case, fm, paste0(names[k + 1], "_mean"), colMeans(part(k)))
    emit(case, fm, paste0(names[k + 1], "_quantile"), apply(part(k), 2, quantile, 0.95))
  }
}
one_factor_tight <- function(R, fm) {
  p <- nrow(R)
  s <- smc(R)
  loading <- function(Psi) {
    if (fm == "minres") {
      e <- eigen(R - diag(Psi), symmetric = TRUE)
      e$vectors[, 1] * sqrt(max(e$values[1], 0))
    } else {
      e <- eigen(diag(1 / sqrt(Psi)) %*% R %*% diag(1 / sqrt(Psi)), symmetric = TRUE)
      sqrt(Psi) * e$vectors[, 1] * sqrt(max(e$values[1] - 1, 0))
    }
  }
  f <- function(Psi) {
    if (fm == "minres") {
      v <- eigen(R - diag(Psi), symmetric = TRUE, only.values = TRUE)$values
      sum(v[-1]^2) + if (v[1] < 0) v[1]^2 else 0
    } else {
      e <- eigen(diag(1 / sqrt(Psi)) %*% R %*% diag(1 / sqrt(Psi)), symmetric = TRUE, only.values = TRUE)$values[-1]
      -(sum(log(e) - e) - 1 + p)
    }
  }
  g <- function(Psi) {
    l <- loading(Psi)
    d <- l^2 + Psi - diag(R)
    if (fm == "minres") 2 * d else d / Psi^2
  }
  o <- optim(diag(R) - s, f, g, method = "L-BFGS-B", lower = 0.005, upper = max(1, s),
             control = list(factr = 1, pgtol = 0, maxit = 100000))
  reduced <- R
  diag(reduced) <- loading(o$par)^2
  eigen(reduced, symmetric = TRUE)$values
}
for (case in c("bfi25", "checklist")) {
  x <- as.matrix(if (case == "bfi25") bfi25 else ck)
  n <- nrow(x); p <- ncol(x)
  for (fm in c("minres", "ml")) {
    set.seed(1)
    pa <- fa.parallel(x, fm = fm, n.iter = 20, plot = FALSE)
    emit(case, fm, "observed_pc", pa$pc.values)
    emit(case, fm, "observed_fa", pa$fa.values)
    emit(case, fm, "suggested", c(pa$ncomp, pa$nfact))
    summarise(case, fm, pa$values, p)
  }
  # The same loop with each one-factor fit converged.
  set.seed(1)
  draws <- list()
  for (it in 1:20) {
    repeat {
      s <- matrix(apply(x, 2, function(y) sample(y, n, replace = TRUE)), ncol = p)
      C <- suppressWarnings(cor(s, use = "pairwise"))
      if (!any(is.na(C))) break
    }
    S <- cor(matrix(rnorm(n * p), nrow = n, ncol = p))
    draws[[it]] <- list(C = C, S = S)
  }
  # The replica draws what fa.parallel drew: its component eigenvalues agree.
  set.seed(1)
  check <- fa.parallel(x, n.iter = 20, plot = FALSE)$values
  pcs <- t(sapply(draws, function(d) c(eigen(d$C)$values, eigen(d$S)$values)))
  stopifnot(max(abs(check[, c(1:p, (2 * p + 1):(3 * p))] - pcs)) < 1e-12)
  for (fm in c("minres", "ml")) {
    tight <- t(sapply(draws, function(d) c(eigen(d$C)$values, one_factor_tight(d$C, fm),
                                           eigen(d$S)$values, one_factor_tight(d$S, fm))))
    emit(case, paste0(fm, "-tight"), "observed_fa", one_factor_tight(cor(x), fm))
    summarise(case, paste0(fm, "-tight"), tight, p)
  }
}
# cor = "tet" on the checklist: the same draws with tetrachoric
# correlations of the data and its resamples (psych's tetrachoric stops
# about 1e-4 from its maximum, so these agree to that).
set.seed(1)
tet <- suppressWarnings(suppressMessages(fa.parallel(ck, cor = "tet", n.iter = 20, plot = FALSE)))
emit("checklist", "minres-tet", "observed_pc", tet$pc.values)
emit("checklist", "minres-tet", "suggested", c(tet$ncomp, tet$nfact))
summarise("checklist", "minres-tet", tet$values, ncol(ck))
write.table(out, file.path(dir, "parallel.tsv"), sep = "\t", row.names = FALSE, quote = FALSE)
