# Reference values for `renkei checklist` on returns with rounds
# (checklists/examples/prefecture-32-rounds.csv): each council's previous and
# latest check paired (dates in 和暦, ordered here by converting them), then
# per item mcnemar.test (continuity correction) and binom.test on the
# discordant pairs, Holm over the tested items on binom.test's p; and
# wilcox.test(latest, previous, paired = TRUE) on the total and each
# section's done % (the share of answered items done), Holm over sections.
# Run from the repository root:  Rscript tests/reference/make_rounds.R
suppressPackageStartupMessages(library(jsonlite))
options(digits = 17)
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
sections <- lapply(def$sections, function(s) sapply(s$items, function(i) i$id))
names(sections) <- sapply(def$sections, function(s) s$id)
items <- unname(unlist(sections))
x <- read.csv("checklists/examples/prefecture-32-rounds.csv", check.names = FALSE,
              colClasses = "character", encoding = "UTF-8")
m <- regmatches(x[["実施日"]], regexec("令和([0-9]+)年([0-9]+)月([0-9]+)日", x[["実施日"]]))
x$date <- as.Date(sapply(m, function(v) sprintf("%d-%s-%s", 2018 + as.integer(v[2]), v[3], v[4])))
answers <- sapply(items, function(i) ifelse(x[[i]] == "", NA, as.numeric(x[[i]])))
pairs <- list()
for (council in unique(x$council)) {
  rows <- which(x$council == council)
  rows <- rows[order(x$date[rows])]
  if (length(rows) > 1) pairs[[council]] <- tail(rows, 2)
}
before <- sapply(pairs, `[`, 1); after <- sapply(pairs, `[`, 2)
out <- data.frame(kind = character(0), id = character(0), statistic = numeric(0),
                  p = numeric(0), exact_p = numeric(0), p_holm = numeric(0))
item_rows <- NULL
for (i in items) {
  b <- answers[before, i]; a <- answers[after, i]
  ok <- !is.na(b) & !is.na(a)
  gained <- sum(b[ok] == 0 & a[ok] == 1); lost <- sum(b[ok] == 1 & a[ok] == 0)
  if (gained + lost == 0) next
  t <- mcnemar.test(factor(b[ok], 0:1), factor(a[ok], 0:1))
  e <- binom.test(gained, gained + lost)$p.value
  item_rows <- rbind(item_rows, data.frame(kind = "item", id = i, statistic = unname(t$statistic),
                                           p = t$p.value, exact_p = e, p_holm = NA))
}
item_rows$p_holm <- p.adjust(item_rows$exact_p, "holm")
percent <- function(rows, cols) {
  v <- answers[rows, cols, drop = FALSE]
  100 * rowSums(v, na.rm = TRUE) / rowSums(!is.na(v))
}
score_rows <- NULL
for (s in c("total", names(sections))) {
  cols <- if (s == "total") items else sections[[s]]
  t <- suppressWarnings(wilcox.test(percent(after, cols), percent(before, cols), paired = TRUE))
  score_rows <- rbind(score_rows, data.frame(kind = "score", id = s, statistic = unname(t$statistic),
                                             p = t$p.value, exact_p = NA, p_holm = NA))
}
sec <- score_rows$id != "total"
score_rows$p_holm[sec] <- p.adjust(score_rows$p[sec], "holm")
# The exact path (no ties, no zeros): the paired example of ?wilcox.test
# (Hollander & Wolfe, depression scale before and after treatment).
x0 <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y0 <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
t <- wilcox.test(x0, y0, paired = TRUE)
score_rows <- rbind(score_rows, data.frame(kind = "example", id = "hollander-wolfe", statistic = unname(t$statistic),
                                           p = t$p.value, exact_p = NA, p_holm = NA))
write.table(rbind(item_rows, score_rows), "tests/reference/checklist_rounds.tsv", sep = "\t",
            row.names = FALSE, quote = FALSE, na = "NA")
