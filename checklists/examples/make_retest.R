# Generates a synthetic second administration of the prefecture checklist
# (checklists/examples/prefecture-32-retest.csv), for test–retest agreement
# with checklists/examples/prefecture-32.csv. Invented data, seeded: the same
# councils answer again, each answer changed with probability 0.1 (a blank
# stays blank); two councils did not answer the retest and one council
# answered only the retest, so that matching by id has something to report.
# Run from the repository root:  Rscript checklists/examples/make_retest.R
set.seed(20261207)
x <- read.csv("checklists/examples/prefecture-32.csv", check.names = FALSE,
              colClasses = "character", encoding = "UTF-8")
items <- grep("^[0-9]+\\.[0-9]+$", names(x), value = TRUE)
for (i in items) {
  flip <- runif(nrow(x)) < 0.1 & x[[i]] != ""
  x[[i]][flip] <- ifelse(x[[i]][flip] == "1", "0", "1")
}
x <- x[-c(5, 30), ]
extra <- x[1, ]; extra$council <- "架空県協議会"; extra$prefecture <- "架空県"
x <- rbind(x[sample(nrow(x)), ], extra)
write.csv(x[, c("council", items)], "checklists/examples/prefecture-32-retest.csv",
          row.names = FALSE, quote = FALSE, fileEncoding = "UTF-8", na = "")
