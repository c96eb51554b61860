# Open a chansim results file as an R user would (docs/output.md) and check what comes back.
#
# usage: Rscript read_results.R run|batch|sweep FILE [SCENARIO] [OTHER_SCENARIO]
#
# Uses the one-line readers of docs/output.md (package hdf5r). Exit status 0 if every
# check holds; 1 with the failed check on stderr; 3 if hdf5r is missing (the message
# names the Debian package).
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("hdf5r", quietly = TRUE)) {
  message("read_results.R: package hdf5r is missing: install r-cran-hdf5r (scripts/install-deps.sh)")
  quit(status = 3)
}
library(hdf5r)

check <- function(cond, what) {
  if (!isTRUE(cond)) {
    message("read_results.R: check failed: ", what)
    quit(status = 1)
  }
}

# CF dates (days since 1970-01-01) as R Dates: the one conversion users need.
days_to_date <- function(x) as.Date(x, origin = "1970-01-01")

check_weekly <- function(f, scen) {
  w <- f[[paste0("scenarios/", scen, "/weekly")]]
  # The one line: a data frame of weekly arrivals, one column per replication, with dates.
  d <- data.frame(week = days_to_date(w[["week"]][]), w[["arrivals"]][, ])
  reps <- w[["replication"]][]
  check(ncol(d) == 1 + length(reps), "one column per replication")
  check(inherits(d$week, "Date"), "week is not a Date")
  start <- h5attr(f[[paste0("scenarios/", scen)]], "start_date")
  # Calendar weeks: labelled by their Monday; the first holds start_date.
  check(format(d$week[1], "%u") == "1", "first week is not labelled by a Monday")
  lead <- as.numeric(as.Date(start) - d$week[1])
  check(lead >= 0 && lead < 7, paste("first week", format(d$week[1]), "does not hold start_date", start))
  check(all(diff(d$week) == 7), "weeks are not 7 days apart")
  iso <- f[[paste0("scenarios/", scen, "/week_start")]][]
  check(identical(as.Date(iso), d$week), "week_start strings != week dates")
  a <- w[["arrivals"]]
  check(h5attr(a, "units") == "people", "arrivals units")
  check(h5attr(a, "kind") == "flow", "arrivals kind")
  check(h5attr(w[["waiting"]], "kind") == "stock", "waiting is not a stock")
  part <- w[["partial_week"]][]
  check(all((part == 1) == (w[["week_days"]][] < 7)), "partial_week disagrees with week_days")

  # Summary across replications: rows are weeks after t() (hdf5r reverses HDF5's axis order).
  s <- f[[paste0("scenarios/", scen, "/summary/weekly")]]
  m <- data.frame(week = days_to_date(s[["week"]][]), t(s[["arrivals"]][, ]))
  names(m) <- c("week", s[["statistic"]][])
  check(isTRUE(all.equal(m$mean, rowMeans(d[, -1]))), "summary mean != mean of replications")

  dd <- f[[paste0("scenarios/", scen, "/daily")]]
  days <- days_to_date(dd[["day"]][])
  check(all(diff(days) == 1) && format(days[1]) == start, "daily dates")
}

kind <- args[1]
f <- H5File$new(args[2], mode = "r")
if (kind == "run") {
  check_weekly(f, args[3])
} else if (kind == "batch") {
  check_weekly(f, args[3])
  check_weekly(f, args[4])
  c <- f[[paste0("comparison/", args[4], "/weekly")]]
  cm <- data.frame(week = days_to_date(c[["week"]][]), t(c[["arrivals"]][, ]))
  names(cm) <- c("week", c[["statistic"]][])
  check(inherits(cm$week, "Date") && all(c("mean", "lo", "hi") %in% names(cm)), "comparison data frame")
} else if (kind == "sweep") {
  s <- f[["sweep/summary"]]
  params <- f[["sweep/names"]][]
  tab <- data.frame(point = s[["point"]][], t(s[["arrivals"]][, ]))
  names(tab) <- c("point", s[["statistic"]][])
  for (p in params) {
    check(s$exists(p), paste("swept parameter", p, "not beside the summary"))
    check(is.numeric(s[[p]][]), paste("swept parameter", p, "is not numeric"))
    tab[[p]] <- s[[p]][]
  }
  check(nrow(tab) == length(s[["point"]][]) && is.numeric(tab$mean), "sweep table")
} else {
  message("usage: Rscript read_results.R run|batch|sweep FILE [SCENARIO] [OTHER_SCENARIO]")
  quit(status = 2)
}
f$close_all()
cat("read_results.R:", kind, "file", args[2], ": all checks passed\n")
