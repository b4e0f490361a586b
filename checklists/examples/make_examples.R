# Generates synthetic council returns for the three checklists
# (checklists/examples/*.csv). Invented data, seeded: each council has a
# latent level θ ~ N(0, 1) (+0.6 where it uses the checklist), each section a
# difficulty, each item its section's difficulty plus noise, and an item is
# done with probability logistic(1.4 θ − difficulty) — so sections differ in
# difficulty and answers are correlated within a council, as real returns are.
# Run from the repository root:  Rscript checklists/examples/make_examples.R
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261205)
prefectures <- c("北海道","青森県","岩手県","宮城県","秋田県","山形県","福島県","茨城県","栃木県","群馬県",
  "埼玉県","千葉県","東京都","神奈川県","新潟県","富山県","石川県","福井県","山梨県","長野県","岐阜県",
  "静岡県","愛知県","三重県","滋賀県","京都府","大阪府","兵庫県","奈良県","和歌山県","鳥取県","島根県",
  "岡山県","広島県","山口県","徳島県","香川県","愛媛県","高知県","福岡県","佐賀県","長崎県","熊本県",
  "大分県","宮崎県","鹿児島県","沖縄県")

make <- function(id, councils, kind, names, yes, no, missing_share) {
  def <- fromJSON(file.path("checklists", paste0(id, ".json")), simplifyVector = FALSE)
  columns <- character(0); section_of <- integer(0)
  for (k in seq_along(def$sections)) for (it in def$sections[[k]]$items) {
    cols <- if (is.null(it$scopes)) it$id else paste0(it$id, ":", unlist(it$scopes))
    columns <- c(columns, cols); section_of <- c(section_of, rep(k, length(cols)))
  }
  uses <- rbinom(councils, 1, 0.45)
  theta <- rnorm(councils) + 0.6 * uses
  section_difficulty <- seq(-1.2, 1.4, length.out = length(def$sections))[sample(length(def$sections))]
  difficulty <- section_difficulty[section_of] + rnorm(length(columns), 0, 0.5)
  p <- plogis(outer(1.4 * theta, difficulty, "-"))
  done <- matrix(rbinom(length(p), 1, p), councils)
  shown <- ifelse(done == 1, yes, no)
  if (missing_share > 0) shown[matrix(runif(length(p)) < missing_share, councils)] <- ""
  out <- data.frame(council = names, type = kind,
                    prefecture = rep_len(prefectures, councils),
                    uses_checklist = ifelse(uses == 1, "活用している", "活用していない"),
                    check.names = FALSE, stringsAsFactors = FALSE)
  out <- cbind(out, as.data.frame(shown, stringsAsFactors = FALSE))
  names(out)[-(1:4)] <- columns
  write.csv(out, file.path("checklists/examples", paste0(id, ".csv")), row.names = FALSE,
            quote = FALSE, fileEncoding = "UTF-8", na = "")
}

make("prefecture-32", 47, "都道府県", paste0(prefectures, "協議会"), "1", "0", 0.01)
make("secondary-46", 120, "二次医療圏", sprintf("圏域%03d", 1:120), "✓", "", 0)
make("ict-56", 150, "市区町村", sprintf("自治体%03d", 1:150), "はい", "いいえ", 0)
