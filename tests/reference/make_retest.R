# Reference values for `renkei scale --retest`: psych::cohen.kappa (unweighted
# κ and its confidence bounds) per item, and psych::ICC(lmer = FALSE) of the
# sum scores (ICC2 = ICC(A,1) with its bounds, ICC3 = ICC(C,1)), on
#  - the checklist example and its retest (checklists/examples/prefecture-32*.csv,
#    matched by council; every item of a score answered both times), and
#  - 300 respondents of psych's bfi agreeableness items (6-point scale) with a
#    synthetic seeded retest (each answer moved ±1 with probability 0.3),
#    written beside the values as bfi_a_test.csv and bfi_a_retest.csv.
# Run from the repository root:  Rscript tests/reference/make_retest.R
suppressPackageStartupMessages({ library(psych); library(jsonlite) })
options(digits = 17)
dir <- "tests/reference"
out <- NULL
add <- function(case, kind, name, value, lower, upper, extra = NA) {
  out <<- rbind(out, data.frame(case = case, kind = kind, name = name, value = value,
                                lower = lower, upper = upper, consistency = extra))
}
retest <- function(case, a, b, items, scores) {
  for (i in items) {
    ok <- !is.na(a[[i]]) & !is.na(b[[i]])
    k <- suppressWarnings(cohen.kappa(cbind(a[[i]][ok], b[[i]][ok])))
    add(case, "kappa", i, k$kappa, k$confid[1, 1], k$confid[1, 3])
  }
  for (s in names(scores)) {
    cols <- scores[[s]]
    x <- cbind(rowSums(a[, cols, drop = FALSE]), rowSums(b[, cols, drop = FALSE]))
    x <- x[complete.cases(x), ]
    r <- suppressMessages(ICC(x, lmer = FALSE))$results
    add(case, "icc", s, r["Single_random_raters", "ICC"], r["Single_random_raters", "lower bound"],
        r["Single_random_raters", "upper bound"], r["Single_fixed_raters", "ICC"])
  }
}

# The checklist and its retest, matched by council.
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
sections <- lapply(def$sections, function(s) sapply(s$items, function(i) i$id))
names(sections) <- sapply(def$sections, function(s) s$id)
items <- unname(unlist(sections))
read <- function(f) {
  x <- read.csv(f, check.names = FALSE, colClasses = "character", encoding = "UTF-8")
  for (i in items) x[[i]] <- ifelse(x[[i]] == "", NA, as.numeric(x[[i]]))
  x
}
a <- read("checklists/examples/prefecture-32.csv")
b <- read("checklists/examples/prefecture-32-retest.csv")
both <- intersect(a$council, b$council)
a <- a[match(both, a$council), ]; b <- b[match(both, b$council), ]
retest("checklist", a, b, items, c(list(total = items), sections))

# bfi agreeableness, 6 categories.
set.seed(20261208)
first <- bfi[1:300, c("A1", "A2", "A3", "A4", "A5")]
second <- first
for (i in names(second)) {
  move <- runif(300) < 0.3
  second[[i]][move] <- pmin(6, pmax(1, second[[i]][move] + sample(c(-1, 1), sum(move), TRUE)))
}
ids <- sprintf("R%03d", 1:300)
write.csv(cbind(id = ids, first), file.path(dir, "bfi_a_test.csv"), row.names = FALSE, na = "")
write.csv(cbind(id = ids, second)[300:1, ], file.path(dir, "bfi_a_retest.csv"), row.names = FALSE, na = "")
retest("bfi", first, second, names(first), list(total = names(first)))

write.table(out, file.path(dir, "retest.tsv"), sep = "\t", row.names = FALSE, quote = FALSE, na = "NA")
