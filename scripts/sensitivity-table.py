#!/usr/bin/env python3
"""Print the ranked tables of docs/sensitivity.md from `chansim export`'s sensitivity.csv.

    scripts/sensitivity-table.py results/csv_screening/sensitivity.csv [--top 5] [--noise 0.5]

One Markdown row per output: the noise share of the replication mean, the `--top`
largest mu* (Morris) or total indices (Sobol) with their bootstrap intervals, and for
Morris the number of factors whose mu* is exactly 0 (they cannot act on that output).
An output whose noise share of the mean is above `--noise` is not ranked: its order
would mostly be replication noise (docs/sensitivity.md, "How to read the table").
Standard library only, so it runs wherever python3 does.
"""
import argparse
import csv
import sys
from collections import OrderedDict

NUMBER_WORDS = {3: "three", 5: "five", 8: "eight", 10: "ten"}


def money(unit):
    return "GBP" in unit.upper() or "£" in unit


def fmt(value, unit):
    """Three significant figures; money in GBP millions."""
    if money(unit):
        return "£%.0fm" % (value / 1e6)
    if abs(value) >= 100:
        return "{:,.0f}".format(value)
    if abs(value) >= 10:
        return "%.0f" % value
    return "%.2g" % value


def morris_row(name, rows, top, noise_limit):
    noise = float(rows[0]["noise_share_of_mean"])
    unit = rows[0]["unit"]
    zero = sum(1 for r in rows if float(r["mu_star"]) == 0.0)
    if noise > noise_limit:
        ranked = "(noise: not ranked)"
    else:
        ranked = ", ".join(
            "%s %s (%s-%s)" % (r["factor"], fmt(float(r["mu_star"]), unit),
                               fmt(float(r["mu_star_lo"]), unit), fmt(float(r["mu_star_hi"]), unit))
            for r in rows[:top])
    return "| `%s` | %.0f%% | %s | %d |" % (name, 100 * noise, ranked, zero)


def sobol_row(name, rows, top, noise_limit):
    noise = float(rows[0]["noise_share_of_mean"])
    if noise > noise_limit:
        ranked = ", ".join("%s %.2f" % (r["factor"], float(r["total"])) for r in rows[:top])
        ranked += " (noise: read the order only)"
    else:
        ranked = ", ".join("%s %.2f (%.2f-%.2f)" % (r["factor"], float(r["total"]),
                                                   float(r["total_lo"]), float(r["total_hi"]))
                           for r in rows[:top])
    return "| `%s` | %.1f%% | %s |" % (name, 100 * noise, ranked)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv", help="sensitivity.csv written by chansim export")
    p.add_argument("--top", type=int, default=5, help="factors listed per output (default 5)")
    p.add_argument("--noise", type=float, default=0.5,
                   help="noise share of the mean above which an output is not ranked (default 0.5)")
    a = p.parse_args()
    try:
        with open(a.csv, newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as e:
        sys.exit("sensitivity-table: %s: %s" % (a.csv, e.strerror))
    if not rows or "method" not in rows[0]:
        sys.exit("sensitivity-table: %s: not a sensitivity.csv (no rows or no 'method' column)" % a.csv)
    outputs = OrderedDict()
    for r in rows:
        outputs.setdefault(r["output"], []).append(r)
    method = rows[0]["method"]
    if method == "morris":
        print("| output | noise | %s largest mu\\* (95%% interval) | zero |" % NUMBER_WORDS.get(a.top, str(a.top)))
        print("| --- | --- | --- | --- |")
        for name, rs in outputs.items():
            rs.sort(key=lambda r: int(r["rank"]))
            print(morris_row(name, rs, a.top, a.noise))
    else:
        print("| output | noise of the mean | total index ST (95% interval), largest first |")
        print("| --- | --- | --- |")
        for name, rs in outputs.items():
            rs.sort(key=lambda r: int(r["rank"]))
            print(sobol_row(name, rs, a.top, a.noise))


if __name__ == "__main__":
    main()
