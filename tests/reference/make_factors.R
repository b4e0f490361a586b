# Reference values for `renkei scale --factors K`: psych::fa on the Pearson
# correlations of complete cases, for fm = minres and ml, rotate = varimax
# (stats::varimax) and oblimin (GPArotation), on psych's bfi (25 items, five
# factors; written beside the values as bfi25.csv) and on the checklist
# example (two factors). For each solution: the loadings, communalities and
# the proportion of variance of each factor (psych's Vaccounted).
#
# psych's minres stops its L-BFGS-B by the change of the fit, about 1e-5
# from the point where the fit is stationary; the same solution to 1e-12 is
# psych's own principal-axis iteration run to convergence (fm = "pa",
# min.err = 1e-14), whose fixed point is the minres (ULS) solution. Rows
# "minres-tight" hold that one. For ML, "ml-tight" is psych::fa started
# (SMC = 1 − Ψ) at the uniquenesses of factanal run to factr = 10, so that
# psych's optimizer has nothing left to do and its rotation and conventions
# apply to the converged fit. "minres" and "ml" hold psych's defaults.
# Run from the repository root:  Rscript tests/reference/make_factors.R
suppressPackageStartupMessages({ library(psych); library(GPArotation); library(jsonlite) })
options(digits = 17)
dir <- "tests/reference"
bfi25 <- na.omit(bfi[, 1:25])
write.csv(bfi25, file.path(dir, "bfi25.csv"), row.names = FALSE)
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
items <- unname(unlist(lapply(def$sections, function(s) sapply(s$items, function(i) i$id))))
ck <- read.csv("checklists/examples/prefecture-32.csv", check.names = FALSE, colClasses = "character")
ck <- na.omit(sapply(items, function(i) ifelse(ck[[i]] == "", NA, as.numeric(ck[[i]]))))
out <- NULL
emit <- function(case, fm, rotate, f) {
  L <- unclass(f$loadings)
  for (i in seq_len(nrow(L))) for (j in seq_len(ncol(L)))
    out <<- rbind(out, data.frame(case, fm, rotate, what = "loading", i, j, value = L[i, j]))
  for (i in seq_along(f$communality))
    out <<- rbind(out, data.frame(case, fm, rotate, what = "communality", i, j = 0, value = f$communality[i]))
  v <- f$Vaccounted["Proportion Var", ]
  for (j in seq_along(v))
    out <<- rbind(out, data.frame(case, fm, rotate, what = "proportion", i = 0, j, value = v[j]))
}
for (case in c("bfi25", "checklist")) {
  x <- if (case == "bfi25") bfi25 else ck
  k <- if (case == "bfi25") 5 else 2
  R <- cor(x)
  for (rotate in c("varimax", "oblimin")) {
    emit(case, "minres", rotate, fa(R, k, n.obs = nrow(x), fm = "minres", rotate = rotate))
    emit(case, "minres-tight", rotate, fa(R, k, n.obs = nrow(x), fm = "pa", rotate = rotate,
                                          min.err = 1e-14, max.iter = 100000))
    emit(case, "ml", rotate, fa(R, k, n.obs = nrow(x), fm = "ml", rotate = rotate))
    tight <- try(factanal(covmat = R, factors = k, n.obs = nrow(x), rotation = "none",
                          control = list(opt = list(factr = 10))), silent = TRUE)
    # factanal gives up on the checklist (33 complete rows for 32 items).
    if (!inherits(tight, "try-error"))
      emit(case, "ml-tight", rotate, fa(R, k, n.obs = nrow(x), fm = "ml", rotate = rotate,
                                        SMC = 1 - tight$uniquenesses))
  }
}
write.table(out, file.path(dir, "factors.tsv"), sep = "\t", row.names = FALSE, quote = FALSE)
