# R's exact p-values of the benchmark tables (bench/tables.txt), the ones
# far in the tail included, for tests/it/bench_tables.rs.
#
# Writes tests/reference/bench_tables.tsv: name, counts and
# fisher.test(workspace = 2e8)$p.value with 17 significant digits. Some
# tables take R minutes (5×5 with n = 100 about 3); nothing is timed here.
#
# Run: Rscript tests/reference/make_bench_reference.R   (from the repository top)
lines <- readLines("bench/tables.txt")
lines <- lines[!grepl("^#", lines) & nzchar(lines)]
out <- data.frame(name = character(), counts = character(), fisher_p = character())
for (line in lines) {
  f <- strsplit(line, "\t")[[1]]
  rows <- strsplit(strsplit(f[2], ";")[[1]], ",")
  m <- do.call(rbind, lapply(rows, as.numeric))
  p <- fisher.test(m, workspace = 2e8)$p.value
  out[nrow(out) + 1, ] <- list(f[1], f[2], formatC(p, digits = 17, format = "g"))
  message(f[1], " ", p)
}
cat(sprintf("# R %s, fisher.test(workspace = 2e8)\n", getRversion()),
    file = "tests/reference/bench_tables.tsv")
suppressWarnings(write.table(out, "tests/reference/bench_tables.tsv", sep = "\t", quote = FALSE,
            row.names = FALSE, append = TRUE))
