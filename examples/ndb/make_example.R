# Generates the synthetic example of `renkei ratio` (examples/ndb/):
# study.csv    — 8 fictional 二次医療圏 of one prefecture, 3 items, both sexes,
#                5-year age bands 40–74, counts under 10 printed as "‐" as NDB
#                open data prints them;
# standard.csv — the national standard for the same strata.
# The numbers are invented (seeded); only the layout mirrors the NDB open data
# tables of 特定健診 results (該当者数 and 受診者数 by 性別 and 年齢階級).
# Run from the repository root:  Rscript examples/ndb/make_example.R
set.seed(20261205)
options(scipen = 99)

items <- c("BMI25以上", "HbA1c6.5以上", "喫煙あり")
sexes <- c("男性", "女性")
ages <- c("40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74")

# National examinees by sex and age band, and national rates by item.
national_n <- list(
  "男性" = c(1500, 1600, 1450, 1350, 1500, 1900, 1800) * 1000,
  "女性" = c(1300, 1450, 1350, 1300, 1650, 2200, 2100) * 1000)
rate <- function(item, sex) {
  a <- seq(0, 1, length.out = length(ages))
  switch(item,
    "BMI25以上" = if (sex == "男性") 0.36 - 0.04 * a else 0.18 + 0.08 * a,
    "HbA1c6.5以上" = if (sex == "男性") 0.03 + 0.10 * a else 0.012 + 0.055 * a,
    "喫煙あり" = if (sex == "男性") 0.36 - 0.16 * a else 0.11 - 0.06 * a)
}

standard <- do.call(rbind, lapply(items, function(item) do.call(rbind, lapply(sexes, function(sex) {
  n <- national_n[[sex]]
  data.frame(item = item, sex = sex, age_band = ages,
             count = round(n * rate(item, sex)), population = n)
}))))
write.csv(standard, "examples/ndb/standard.csv", row.names = FALSE, quote = FALSE,
          fileEncoding = "UTF-8")

# Areas: size (examinees per band, before age shape) and an area effect per item.
areas <- data.frame(
  name = c("北部", "中部", "南部", "東部", "西部", "湾岸", "山間", "島しょ"),
  size = c(5200, 9800, 4100, 3000, 6500, 7400, 900, 260))
effects <- matrix(rnorm(nrow(areas) * length(items), 0, 0.07), nrow(areas))
effects[7, 1] <- 0.18   # 山間: more BMI ≥ 25
effects[6, 3] <- -0.15  # 湾岸: less smoking
effects[2, 2] <- 0.12   # 中部: more HbA1c ≥ 6.5

rows <- list()
for (i in seq_len(nrow(areas))) for (k in seq_along(items)) for (sex in sexes) {
  shape <- national_n[[sex]] / mean(national_n[[sex]])
  n <- rpois(length(ages), areas$size[i] * shape * (if (sex == "男性") 0.9 else 1.1))
  n <- pmax(n, 20)
  p <- pmin(rate(items[k], sex) * exp(effects[i, k]), 0.95)
  count <- rbinom(length(ages), n, p)
  shown <- ifelse(count < 10, "‐", as.character(count))
  rows[[length(rows) + 1]] <- data.frame(
    "地域" = areas$name[i], "項目" = items[k], "性別" = sex, "年齢階級" = ages,
    "該当者数" = shown, "受診者数" = n, check.names = FALSE)
}
study <- do.call(rbind, rows)
write.csv(study, "examples/ndb/study.csv", row.names = FALSE, quote = FALSE,
          fileEncoding = "UTF-8")
