# Reference values for `renkei scale` and `renkei checklist`:
#   psych::alpha (raw and standardized α, Feldt interval, r.drop, α if deleted, item means)
#   psych::fa(nfactors = 1, fm = "minres") loadings → ω total = (Σλ)² / ((Σλ)² + Σ(1 − λ²))
#   wilcox.test (exact without ties, normal with continuity correction otherwise), kruskal.test
# on psych's bfi agreeableness items (A1 reversed, complete cases), the 16 binary
# items of psychTools' ability (complete cases; KR-20), and the shipped checklist
# examples. Writes the data sets it uses beside the values.
# Run from the repository root:  Rscript tests/reference/make_scale.R
suppressPackageStartupMessages({ library(psych); library(psychTools); library(jsonlite) })
options(digits = 17)
dir <- "tests/reference"

bfi_a <- na.omit(bfi[, c("A1", "A2", "A3", "A4", "A5")])
write.csv(bfi_a, file.path(dir, "bfi_agreeableness.csv"), row.names = FALSE)
ability_c <- na.omit(as.data.frame(ability))
write.csv(ability_c, file.path(dir, "ability.csv"), row.names = FALSE)

checklist_items <- function(id, section = NULL) {
  def <- fromJSON(file.path("checklists", paste0(id, ".json")), simplifyVector = FALSE)
  cols <- character(0)
  for (s in def$sections) if (is.null(section) || s$id == section) for (it in s$items) {
    cols <- c(cols, if (is.null(it$scopes)) it$id else paste0(it$id, ":", unlist(it$scopes)))
  }
  cols
}
read_example <- function(id) {
  x <- read.csv(file.path("checklists/examples", paste0(id, ".csv")), check.names = FALSE,
                colClasses = "character", encoding = "UTF-8")
  x
}
as_answers <- function(x, blank_is) {
  v <- ifelse(x %in% c("1", "✓", "はい"), 1, ifelse(x %in% c("0", "いいえ"), 0, NA))
  v[x == ""] <- blank_is
  v
}

scales <- list()
add <- function(name, data, mode = "listwise", keys = NULL) {
  x <- as.data.frame(data)
  if (!is.null(keys)) {
    lo <- min(x, na.rm = TRUE); hi <- max(x, na.rm = TRUE)
    for (k in keys) x[[k]] <- hi + lo - x[[k]]
  }
  if (mode == "listwise") x <- na.omit(x)
  a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
  f <- suppressWarnings(psych::fa(x, nfactors = 1, fm = "minres", use = "pairwise"))
  l <- as.numeric(f$loadings)
  if (sum(l) < 0) l <- -l
  omega <- sum(l)^2 / (sum(l)^2 + sum(1 - l^2))
  scales[[length(scales) + 1]] <<- data.frame(
    scale = name, mode = mode, item = c("", colnames(x)),
    alpha = c(a$total$raw_alpha, rep(NA, ncol(x))),
    alpha_std = c(a$total$std.alpha, rep(NA, ncol(x))),
    feldt_lower = c(unlist(a$feldt$lower.ci)[[1]], rep(NA, ncol(x))),
    feldt_upper = c(unlist(a$feldt$upper.ci)[[1]], rep(NA, ncol(x))),
    omega = c(omega, rep(NA, ncol(x))),
    n = c(nrow(x), rep(NA, ncol(x))),
    r_drop = c(NA, a$item.stats$r.drop),
    alpha_drop = c(NA, a$alpha.drop$raw_alpha),
    mean = c(NA, a$item.stats$mean),
    loading = c(NA, l))
}
add("bfi_agreeableness", bfi_a, keys = "A1")
add("ability", ability_c)
pref <- read_example("prefecture-32")
cols <- checklist_items("prefecture-32")
answers <- as.data.frame(lapply(pref[cols], as_answers, blank_is = NA), check.names = FALSE)
add("prefecture-32", answers)
add("prefecture-32", answers, mode = "pairwise")
for (s in c("1", "2", "3", "5")) add(paste0("prefecture-32/", s), answers[checklist_items("prefecture-32", s)])
out <- do.call(rbind, scales)
write.table(format(out, digits = 17), file.path(dir, "scale.tsv"), sep = "\t", quote = FALSE,
            row.names = FALSE, na = "NA")

# Total scores (% of answered items done) by group.
score <- function(id, blank_is) {
  x <- read_example(id)
  a <- as.data.frame(lapply(x[checklist_items(id)], as_answers, blank_is = blank_is), check.names = FALSE)
  list(score = 100 * rowMeans(a, na.rm = TRUE), group = x$uses_checklist, prefecture = x$prefecture)
}
ranks <- list()
for (id in c("prefecture-32", "secondary-46", "ict-56")) {
  s <- score(id, if (id == "secondary-46") 0 else NA)
  users <- s$score[s$group == "活用している"]; others <- s$score[s$group == "活用していない"]
  w <- suppressWarnings(wilcox.test(users, others, correct = TRUE))
  k <- kruskal.test(s$score, factor(s$prefecture))
  ranks[[length(ranks) + 1]] <- data.frame(case = id, w = unname(w$statistic), p_wilcox = w$p.value,
                                           h = unname(k$statistic), df = unname(k$parameter), p_kruskal = k$p.value)
}
# Exact (no ties) and small cases.
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30); y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.17, 1.29)
y <- y + c(0, 0, 0, 0, 0.001, 0, 0, 0, 0.002)
w <- wilcox.test(x, y, exact = TRUE)
k <- kruskal.test(list(x, y, c(2.9, 3.0, 2.5, 2.6, 3.2)))
ranks[[length(ranks) + 1]] <- data.frame(case = "small_exact", w = unname(w$statistic), p_wilcox = w$p.value,
                                         h = unname(k$statistic), df = unname(k$parameter), p_kruskal = k$p.value)
write.table(format(do.call(rbind, ranks), digits = 17), file.path(dir, "ranks.tsv"), sep = "\t",
            quote = FALSE, row.names = FALSE)
