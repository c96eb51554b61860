#!/usr/bin/env python3
"""The season of a history replay by calendar month, against the Home Office record.

    scripts/season-table.py EXPORT_DIR [--record data/uk_small_boats_daily.csv]
                            [--from 2022 --to 2025]

EXPORT_DIR is written by `chansim export RESULTS.h5 -o EXPORT_DIR` (daily.csv and
weekly.csv of every replication). For each calendar month, the mean over the years
(and replications) of: arrivals, days with arrivals, people per crossing day, people
per boat, boats per crossing day (record and model), and the model's calm and
marginal days, launches, and its weekly stocks (people waiting on the coast, boats
held by gangs) and flows (coast arrivals and give-ups per week; weeks by the month of
their last day). Ratios are ratios of sums. This is the diagnosis of the winter
season in docs/calibration.md section 5.
"""
import argparse
import collections
import csv
import os
import sys

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("export_dir")
    ap.add_argument("--record", default=os.path.join(os.path.dirname(__file__), "..", "data", "uk_small_boats_daily.csv"))
    ap.add_argument("--from", dest="y0", type=int, default=2022)
    ap.add_argument("--to", dest="y1", type=int, default=2025)
    a = ap.parse_args()
    years = range(a.y0, a.y1 + 1)

    obs = collections.defaultdict(lambda: [0, 0, 0])  # month -> people, boats, days with arrivals (summed over years)
    with open(a.record, newline="") as f:
        for r in csv.DictReader(f):
            y, m = int(r["date"][:4]), int(r["date"][5:7])
            if y in years:
                n = int(r["migrants"])
                o = obs[m]
                o[0] += n
                o[1] += int(r["boats"])
                o[2] += n > 0
    sim = collections.defaultdict(lambda: [0] * 6)  # month -> people, boats, days, launches, calm, marginal
    runs = collections.defaultdict(set)  # month -> (replication, year) seen
    path = os.path.join(a.export_dir, "daily.csv")
    if not os.path.exists(path):
        sys.exit(f"season-table: {path} not found (chansim export RESULTS.h5 -o DIR)")
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            y, m = int(r["date"][:4]), int(r["date"][5:7])
            if y not in years:
                continue
            n = int(r["arrivals"])
            s = sim[m]
            s[0] += n
            s[1] += int(r["boats"])
            s[2] += n > 0
            s[3] += int(r["launches"])
            s[4] += r["sea_state"] == "0"
            s[5] += r["sea_state"] == "1"
            runs[m].add((r["replication"], y))
    weekly = collections.defaultdict(list)  # month -> (waiting, boat_stock, coast_arrivals, gave_up)
    with open(os.path.join(a.export_dir, "weekly.csv"), newline="") as f:
        for r in csv.DictReader(f):
            y, m = int(r["week_ending"][:4]), int(r["week_ending"][5:7])
            if y in years and r["partial_week"] == "0":
                weekly[m].append(tuple(float(r[k]) for k in ("waiting", "boat_stock", "coast_arrivals", "gave_up")))

    ny = len(years)

    def row(label, f, fmt):
        print(f"{label:<26}" + "".join(fmt.format(f(m)) for m in range(1, 13)))

    def per_run(m, k):
        return sim[m][k] / max(1, len(runs[m]))

    def ratio(a_, b_):
        return a_ / b_ if b_ else float("nan")

    print(" " * 26 + "".join(f"{n:>7}" for n in MONTHS))
    row("arrivals, record", lambda m: obs[m][0] / ny, "{:7.0f}")
    row("arrivals, model", lambda m: per_run(m, 0), "{:7.0f}")
    row("days with arrivals, rec.", lambda m: obs[m][2] / ny, "{:7.1f}")
    row("days with arrivals, model", lambda m: per_run(m, 2), "{:7.1f}")
    row("people/crossing day, rec.", lambda m: ratio(obs[m][0], obs[m][2]), "{:7.0f}")
    row("people/crossing day, mod.", lambda m: ratio(sim[m][0], sim[m][2]), "{:7.0f}")
    row("people per boat, record", lambda m: ratio(obs[m][0], obs[m][1]), "{:7.1f}")
    row("people per boat, model", lambda m: ratio(sim[m][0], sim[m][1]), "{:7.1f}")
    row("boats/crossing day, rec.", lambda m: ratio(obs[m][1], obs[m][2]), "{:7.1f}")
    row("boats/crossing day, mod.", lambda m: ratio(sim[m][1], sim[m][2]), "{:7.1f}")
    row("model: calm days", lambda m: per_run(m, 4), "{:7.1f}")
    row("model: marginal days", lambda m: per_run(m, 5), "{:7.1f}")
    row("model: launches", lambda m: per_run(m, 3), "{:7.0f}")

    def wmean(m, k):
        v = weekly[m]
        return sum(x[k] for x in v) / len(v) if v else float("nan")

    row("model: waiting on coast", lambda m: wmean(m, 0), "{:7.0f}")
    row("model: boats held", lambda m: wmean(m, 1), "{:7.0f}")
    row("model: coast arrivals/wk", lambda m: wmean(m, 2), "{:7.0f}")
    row("model: give-ups/wk", lambda m: wmean(m, 3), "{:7.0f}")


if __name__ == "__main__":
    main()
