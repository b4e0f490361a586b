# The national synthetic survey in R: type the units as renkei does, then for
# every question × grouping `table` + `chisq.test` (Pearson, and Monte Carlo
# with B = 10000 as `renkei report --monte-carlo 10000`). Prints the elapsed
# time of the computation (reading the CSV included).
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
t0 <- proc.time()[["elapsed"]]
d <- read.csv(file.path(dir, "returns.csv"), fileEncoding = "UTF-8", colClasses = "character")
s23 <- as.numeric(d$share_secondary_tertiary); s3 <- as.numeric(d$share_tertiary)
urban <- c("特別区", "政令指定都市", "中核市", "施行時特例市", "行政区")
grp <- ifelse(d$class %in% urban, "urban", ifelse(d$class == "市", "city", ifelse(d$class == "町", "town", "village")))
city <- grp %in% c("urban", "city")
city_code <- ifelse(s23 >= 90, ifelse(s3 >= 65, 3, 2), ifelse(s3 >= 55, 1, 0))
town_code <- ifelse(s23 >= 80, ifelse(s3 >= 60, 2, 1), 0)
groupings <- list(
  class = list(keep = rep(TRUE, nrow(d)), g = factor(grp, levels = c("urban", "city", "town", "village"))),
  city = list(keep = city, g = factor(city_code)),
  town = list(keep = !city, g = factor(town_code))
)
set.seed(1)
n <- 0
for (q in grep("^q[0-9]+$", names(d), value = TRUE)) {
  a <- d[[q]]
  for (gr in groupings) {
    keep <- gr$keep & a != ""
    t <- table(a[keep], gr$g[keep])
    t <- t[rowSums(t) > 0, colSums(t) > 0, drop = FALSE]
    if (nrow(t) > 1 && ncol(t) > 1) {
      p1 <- suppressWarnings(chisq.test(t, correct = FALSE))$p.value
      p2 <- chisq.test(t, simulate.p.value = TRUE, B = 10000)$p.value
      n <- n + 1
    }
  }
}
cat(n, "tables", proc.time()[["elapsed"]] - t0, "\n")
