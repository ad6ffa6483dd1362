# Usage: Rscript export.R <name> <extracted-root or ""> <out.csv>
# Loads one dataset from an extracted Debian package tree (or R's own
# datasets) without installing the package, and writes it as CSV.
args <- commandArgs(trailingOnly = TRUE)
name <- args[1]; root <- args[2]; out <- args[3]

lazy <- function(pkg, obj) {
  e <- new.env()
  lazyLoad(file.path(root, "usr/lib/R/site-library", pkg, "data", "Rdata"), envir = e)
  get(obj, envir = e)
}
# tibble -> plain data.frame without needing the tibble package
plain <- function(x) as.data.frame(unclass(x), stringsAsFactors = FALSE)

df <- switch(name,
  movielens = {
    x <- plain(lazy("dslabs", "movielens"))
    x$genres <- as.character(x$genres)
    x
  },
  chicago = {
    x <- plain(lazy("modeldata", "Chicago"))
    x$date <- format(x$date, "%Y-%m-%d")
    x <- x[, c("date", setdiff(names(x), "date"))]
    x
  },
  taylor = {
    x <- lazy("forecast", "taylor")
    # ?taylor: half-hourly demand, England and Wales, Monday 5 June 2000 to
    # Sunday 27 August 2000 (Taylor 2003); ts time is in weeks (frequency 336).
    # The first value is taken to be the half-hour from midnight (UK local time,
    # BST throughout, so no clock changes); the clock time is not documented.
    start <- as.POSIXct("2000-06-05 00:00:00", tz = "UTC")
    data.frame(timestamp = format(start + 1800 * (seq_along(x) - 1), "%Y-%m-%d %H:%M:%S"),
               index = seq_along(x), demand_mw = as.numeric(x))
  },
  eustock = {
    x <- datasets::EuStockMarkets
    data.frame(day = seq_len(nrow(x)), time = round(as.numeric(time(x)), 6),
               unclass(x)[, c("DAX", "SMI", "CAC", "FTSE")], check.names = FALSE)
  },
  stop("unknown dataset: ", name))

write.csv(df, out, row.names = FALSE)
cat(sprintf("  R: %s -> %d rows x %d columns\n", name, nrow(df), ncol(df)))
