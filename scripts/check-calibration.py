#!/usr/bin/env python3
"""Check a history replay against the criteria of issue #12 (docs/calibration.md).

    scripts/check-calibration.py VALIDATION.csv [--scenario NAME]

VALIDATION.csv is written by `chansim validate RESULTS.h5 -o DIR` (DIR/validation.csv).
Prints one line per criterion: the observed and simulated values, and whether it is
met. Also the monthly 50% and 90% coverage of arrivals and the width of the monthly
90% intervals (median over months of q95 / q05). Exit status 0 whether criteria are
met or not: this reports, it does not gate.
"""
import argparse
import csv
import statistics
import sys


def load(path, scenario):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if scenario and r["scenario"] != scenario:
                continue
            rows[(r["period"], r["metric"])] = r
    if not rows:
        sys.exit(f"check-calibration: {path}: no rows" + (f" for scenario {scenario}" if scenario else ""))
    return rows


def num(r, key):
    v = r.get(key, "")
    return float(v) if v not in ("", "nan", "NaN") else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("validation_csv")
    ap.add_argument("--scenario", default=None)
    a = ap.parse_args()
    rows = load(a.validation_csv, a.scenario)
    years = sorted({p for p, _ in rows if len(p) == 4 and p.isdigit()})
    halves = sorted({p for p, _ in rows if len(p) == 6 and p[4] == "H"})
    met_all = []

    def line(name, obs, sim, ok, extra=""):
        met_all.append(ok)
        print(f"{name:<44} observed {obs:>10}  simulated {sim:>10}  {'met' if ok else 'NOT met'}{extra}")

    def rel(metric, tol, label):
        for y in years:
            r = rows.get((y, metric))
            if not r:
                continue
            o, s = num(r, "observed"), num(r, "sim_mean")
            e = s / o - 1
            line(f"{label} {y} within {tol:.0%}", f"{o:.1f}", f"{s:.1f}", abs(e) <= tol, f"  ({e:+.1%})")

    rel("arrivals", 0.10, "arrivals")
    rel("people_per_boat", 0.10, "people per boat")
    ppb = [num(rows[(y, "people_per_boat")], "sim_mean") for y in years if (y, "people_per_boat") in rows]
    obs = [num(rows[(y, "people_per_boat")], "observed") for y in years if (y, "people_per_boat") in rows]
    rising = all(b > a for a, b in zip(ppb, ppb[1:]))
    line("people per boat rises every year", " < ".join(f"{v:.1f}" for v in obs),
         " < ".join(f"{v:.1f}" for v in ppb), rising)
    rel("boats", 0.15, "boats")
    for y in years:
        r = rows.get((y, "deaths"))
        if not r:
            continue
        o, lo, hi, s = num(r, "observed"), num(r, "sim_q05"), num(r, "sim_q95"), num(r, "sim_mean")
        line(f"deaths {y} inside the 90% band", f"{o:.0f}", f"{s:.1f}", lo <= o <= hi, f"  (band {lo:.0f}-{hi:.0f})")
    for h in halves:
        r = rows.get((h, "prevention_share"))
        if not r or num(r, "observed") != num(r, "observed"):
            continue
        o, s = num(r, "observed"), num(r, "sim_mean")
        line(f"prevention share {h} within 0.05", f"{o:.3f}", f"{s:.3f}", abs(s - o) <= 0.05, f"  ({s - o:+.3f})")
    for h in halves:
        r = rows.get((h, "prevented_event_share"))
        if not r or num(r, "observed") != num(r, "observed"):
            continue
        o, s = num(r, "observed"), num(r, "sim_mean")
        print(f"{'(events) prevented event share ' + h:<44} observed {o:>10.3f}  simulated {s:>10.3f}  ({s - o:+.3f})")
    rel("days_with_arrivals", 0.10, "days with arrivals")
    c50 = num(rows[("monthly", "coverage50")], "sim_mean")
    c90 = num(rows[("monthly", "coverage90")], "sim_mean")
    line("monthly 90% intervals cover 80-95% of months", "0.80-0.95", f"{c90:.3f}", 0.80 <= c90 <= 0.95)
    line("monthly 50% intervals cover 40-65% of months", "0.40-0.65", f"{c50:.3f}", 0.40 <= c50 <= 0.65)
    widths = []
    for (p, m), r in rows.items():
        if m == "arrivals" and len(p) == 7 and p[4] == "-":
            lo, hi = num(r, "sim_q05"), num(r, "sim_q95")
            if lo > 0:
                widths.append(hi / lo)
    zero = sum(1 for (p, m), r in rows.items() if m == "arrivals" and len(p) == 7 and p[4] == "-" and num(r, "sim_q05") <= 0)
    if widths:
        print(f"{'width: median monthly q95/q05 of arrivals':<44} {statistics.median(widths):.2f} over {len(widths)} months"
              + (f" ({zero} months with q05 = 0 left out)" if zero else ""))
    corr = rows.get(("monthly", "correlation"))
    if corr:
        print(f"{'monthly correlation of arrivals (Pearson)':<44} {num(corr, 'sim_mean'):.3f}")
    # The season: mean of each calendar month over the years of the window.
    by_month = {}
    for (p, m), r in rows.items():
        if m == "arrivals" and len(p) == 7 and p[4] == "-":
            by_month.setdefault(int(p[5:]), []).append((num(r, "observed"), num(r, "sim_mean")))
    if len(by_month) == 12:
        names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        print("arrivals by calendar month (mean over years):")
        print("      " + "".join(f"{n:>7}" for n in names))
        for k, label in ((0, "obs"), (1, "sim")):
            print(f"  {label:<4}" + "".join(f"{statistics.mean(v[k] for v in by_month[m]):>7.0f}" for m in range(1, 13)))
    print(f"criteria met: {sum(met_all)} of {len(met_all)}")


if __name__ == "__main__":
    main()
