# Generates synthetic returns of the prefecture checklist at several
# handovers (checklists/examples/prefecture-32-rounds.csv). Invented data,
# seeded: every council is checked once in 令和6年度 on a date of its own; 34
# of them again a year later, and 9 of those a third time. Between checks an
# item not done becomes done with probability 0.3 and a done item lapses
# with probability 0.06, so councils progress, as the seed hopes a check at
# every handover shows. The latest check carries 着手時期 for some items not
# done (columns "1.1 着手時期" …). Run from the repository root:
#   Rscript checklists/examples/make_rounds.R
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261206)
def <- fromJSON("checklists/prefecture-32.json", simplifyVector = FALSE)
columns <- unlist(lapply(def$sections, function(s) sapply(s$items, function(i) i$id)))
prefectures <- c("北海道","青森県","岩手県","宮城県","秋田県","山形県","福島県","茨城県","栃木県","群馬県",
  "埼玉県","千葉県","東京都","神奈川県","新潟県","富山県","石川県","福井県","山梨県","長野県","岐阜県",
  "静岡県","愛知県","三重県","滋賀県","京都府","大阪府","兵庫県","奈良県","和歌山県","鳥取県","島根県",
  "岡山県","広島県","山口県","徳島県","香川県","愛媛県","高知県","福岡県","佐賀県","長崎県","熊本県",
  "大分県","宮崎県","鹿児島県","沖縄県")
n <- length(prefectures)
theta <- rnorm(n)
difficulty <- rnorm(length(columns), 0.3, 0.8)
done <- matrix(rbinom(n * length(columns), 1, plogis(outer(1.2 * theta, difficulty, "-"))), n)
wareki <- function(d) sprintf("令和%d年%d月%d日", as.integer(format(d, "%Y")) - 2018,
                              as.integer(format(d, "%m")), as.integer(format(d, "%d")))
first <- as.Date("2024-04-01") + sample(0:120, n, replace = TRUE)
rows <- list()
add <- function(k, date, answers) {
  rows[[length(rows) + 1]] <<- c(council = paste0(prefectures[k], "協議会"), prefecture = prefectures[k],
                                  "実施日" = wareki(date), setNames(as.character(answers), columns))
}
for (k in 1:n) add(k, first[k], done[k, ])
second <- sort(sample(n, 34)); third <- sort(sample(second, 9))
state <- done
for (round in 2:3) {
  who <- if (round == 2) second else third
  for (k in who) {
    gain <- rbinom(length(columns), 1, 0.3); lapse <- rbinom(length(columns), 1, 0.06)
    state[k, ] <- ifelse(state[k, ] == 0, gain, 1 - lapse)
    add(k, first[k] + 365 * (round - 1) + sample(-20:20, 1), state[k, ])
  }
}
out <- as.data.frame(do.call(rbind, rows), stringsAsFactors = FALSE, check.names = FALSE)
# A few answers missing (a blank in the 1/0 form is no answer).
blank <- matrix(runif(nrow(out) * length(columns)) < 0.01, nrow(out))
for (j in seq_along(columns)) out[blank[, j], columns[j]] <- ""
# 着手時期 for items 1.1, 2.1 and 3.1 where the latest check has them not done.
latest <- !duplicated(out$council, fromLast = TRUE)
for (id in c("1.1", "2.1", "3.1")) {
  col <- paste(id, "着手時期")
  out[[col]] <- ifelse(latest & out[[id]] == "0", sample(c("令和8年度", "令和9年度", "未定"), nrow(out), TRUE), "")
}
write.csv(out, "checklists/examples/prefecture-32-rounds.csv", row.names = FALSE, quote = FALSE,
          fileEncoding = "UTF-8", na = "")
