# Reference values for standardized ratios (renkei ratio), from R itself:
#   exact limits  = poisson.test(O, E, conf.level)$conf.int (the chi-square form)
#   exact p       = poisson.test(O, E)$p.value (the "minlike" rule)
#   central p     = min(1, 2 min(P(X <= O), P(X >= O))), written out below
#                   (exactci's tsmethod = "central"; agrees with the exact limits)
#   Byar          = Breslow & Day (1987) eq. 2.12, written out below
#   funnel limits = Spiegelhalter (2005) appendix A.1.1, written out below
#   direct rates  = epitools::ageadjust.direct (Fay & Feuer 1997 gamma limits)
# Run from the repository root:  Rscript tests/reference/make_ratio.R
# Writes tests/reference/ratio_poisson.tsv, ratio_direct.tsv, ratio_example.tsv
# and ratio_direct_s60.tsv.
suppressPackageStartupMessages(library(epitools))
options(digits = 17)

byar <- function(o, e, level) {
  z <- qnorm(1 - (1 - level) / 2)
  lower <- if (o == 0) 0 else o * (1 - 1 / (9 * o) - z / (3 * sqrt(o)))^3 / e
  o1 <- o + 1
  upper <- o1 * (1 - 1 / (9 * o1) + z / (3 * sqrt(o1)))^3 / e
  c(max(lower, 0), upper)
}

central_p <- function(o, e) {
  min(1, 2 * min(ppois(o, e), ppois(o - 1, e, lower.tail = FALSE)))
}

funnel <- function(e, level) {
  lim <- function(p) {
    r <- qpois(p, e)
    a <- (ppois(r, e) - p) / dpois(r, e)
    max(r - a, 0) / e
  }
  alpha <- 1 - level
  c(lim(alpha / 2), lim(1 - alpha / 2))
}

rows <- list()
for (o in c(0, 1, 9, 10, 65, 1045)) {
  for (e in c(0.8, 9.3, 10, 58.25, 1100.4)) {
    for (level in c(0.95, 0.99)) {
      t <- poisson.test(o, e, conf.level = level)
      b <- byar(o, e, level)
      f <- funnel(e, level)
      rows[[length(rows) + 1]] <- data.frame(
        observed = o, expected = e, level = level,
        exact_lower = t$conf.int[1], exact_upper = t$conf.int[2],
        p = t$p.value, byar_lower = b[1], byar_upper = b[2],
        funnel_lower = f[1], funnel_upper = f[2], central_p = central_p(o, e))
    }
  }
}
out <- do.call(rbind, rows)
write.table(format(out, digits = 17), "tests/reference/ratio_poisson.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)

# Direct standardization: small worked sets, including zero counts.
sets <- list(
  list(name = "three_bands", count = c(4, 15, 40), pop = c(1200, 1500, 900),
       stdpop = c(30000, 25000, 15000)),
  list(name = "with_zero", count = c(0, 3, 12, 30), pop = c(800, 950, 1000, 700),
       stdpop = c(10, 20, 30, 40)),
  list(name = "no_events", count = c(0, 0), pop = c(50, 80), stdpop = c(1, 1)),
  list(name = "common", count = c(210, 340, 395, 450, 480, 520, 560),
       pop = c(700, 900, 1000, 1100, 1150, 1200, 1250),
       stdpop = c(5, 6, 7, 8, 9, 10, 11) * 1e5)
)
rows <- list()
for (s in sets) {
  for (level in c(0.95, 0.99)) {
    r <- ageadjust.direct(s$count, s$pop, stdpop = s$stdpop, conf.level = level)
    rows[[length(rows) + 1]] <- data.frame(
      name = s$name, level = level,
      count = paste(s$count, collapse = ","), pop = paste(s$pop, collapse = ","),
      stdpop = paste(s$stdpop, collapse = ","),
      crude = r[["crude.rate"]], adjusted = r[["adj.rate"]],
      lower = r[["lci"]], upper = r[["uci"]])
  }
}
out <- do.call(rbind, rows)
write.table(format(out, digits = 17), "tests/reference/ratio_direct.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)

# The shipped example (examples/ndb), masked strata left out of O and E
# (`--masked exclude`): every area × item × sex and both sexes together.
study <- read.csv("examples/ndb/study.csv", check.names = FALSE, encoding = "UTF-8",
                  colClasses = "character")
names(study) <- c("area", "item", "sex", "age_band", "count", "population")
standard <- read.csv("examples/ndb/standard.csv", encoding = "UTF-8", colClasses = "character")
standard$rate <- as.numeric(standard$count) / as.numeric(standard$population)
key <- function(d) paste(d$item, d$sex, d$age_band, sep = "|")
study$rate <- standard$rate[match(key(study), key(standard))]
study$stdpop <- as.numeric(standard$population[match(key(study), key(standard))])
study$population <- as.numeric(study$population)
known <- study[study$count != "‐", ]
known$count <- as.numeric(known$count)

rows <- list()
# 県全体: every area's strata together (renkei adds it first).
for (a in c("県全体", unique(study$area))) for (i in unique(study$item)) for (s in c("男性", "女性", "total")) {
  d <- known[(a == "県全体" | known$area == a) & known$item == i & (s == "total" | known$sex == s), ]
  o <- sum(d$count); e <- sum(d$rate * d$population)
  t <- poisson.test(o, e)
  p_hat <- d$count / d$population
  se_log <- sqrt(sum(d$population * p_hat * (1 - p_hat))) / o
  z <- qnorm(0.975)
  dr <- ageadjust.direct(d$count, d$population, stdpop = d$stdpop)
  rows[[length(rows) + 1]] <- data.frame(
    area = a, item = i, sex = s, observed = o, expected = e, ratio = 100 * o / e,
    ci_lower = 100 * t$conf.int[1], ci_upper = 100 * t$conf.int[2], p = central_p(o, e),
    binomial_lower = 100 * o / e * exp(-z * se_log), binomial_upper = 100 * o / e * exp(z * se_log),
    direct_adjusted = 100 * dr[["adj.rate"]], direct_lower = 100 * dr[["lci"]],
    direct_upper = 100 * dr[["uci"]], p_minlike = t$p.value)
}
out <- do.call(rbind, rows)
# Holm across the areas of each item and sex (県全体 is not one of them).
areas <- out$area != "県全体"
out$p_adjusted_areas <- NA
out$p_adjusted_areas[areas] <- ave(out$p[areas], out$item[areas], out$sex[areas],
                                   FUN = function(p) p.adjust(p, "holm"))
write.table(format(out, digits = 17), "tests/reference/ratio_example.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)

# Direct rates weighted by 昭和60年モデル人口 (厚生労働省; 5-year bands,
# thousands), the same weights for both sexes: renkei's
# --standard-population s60 on the shipped example, masked strata left out.
s60 <- c("0-4" = 8180, "5-9" = 8338, "10-14" = 8497, "15-19" = 8655, "20-24" = 8814,
         "25-29" = 8972, "30-34" = 9130, "35-39" = 9289, "40-44" = 9400, "45-49" = 8651,
         "50-54" = 7616, "55-59" = 6581, "60-64" = 5546, "65-69" = 4511, "70-74" = 3476,
         "75-79" = 2441, "80-84" = 1406, "85+" = 784) * 1000
rows <- list()
for (a in c("県全体", unique(study$area))) for (i in unique(study$item)) for (s in c("男性", "女性", "total")) {
  d <- known[(a == "県全体" | known$area == a) & known$item == i & (s == "total" | known$sex == s), ]
  dr <- ageadjust.direct(d$count, d$population, stdpop = unname(s60[d$age_band]))
  rows[[length(rows) + 1]] <- data.frame(
    area = a, item = i, sex = s, adjusted = 100 * dr[["adj.rate"]],
    lower = 100 * dr[["lci"]], upper = 100 * dr[["uci"]])
}
out <- do.call(rbind, rows)
write.table(format(out, digits = 17), "tests/reference/ratio_direct_s60.tsv",
            sep = "\t", quote = FALSE, row.names = FALSE)
