#!/usr/bin/env python3
"""Albanian arrivals in 2022 and 2023 from runs of configs/calibration/albania_2022*.ini.

    scripts/albania-fall.py RESULTS.h5 [RESULTS.h5 ...] [--group 8 | --group all] [--label L ...] [--quarters-2022]

Reads /scenarios/<name>/groups/arrivals [replications, weeks, groups] of each file
with h5dump (hdf5-tools) and prints, per scenario, the mean over replications of the
group's arrivals in 2022 and 2023, the change, and 2023 by 13-week quarter (also 2022
by quarter with --quarters-2022; --group all sums every group: the Rwanda check). Weeks
are calendar weeks, Monday to Sunday (results format 3); the runs start on Saturday
2022-01-01, so week 0 is 1-2 January 2022, weeks 0-52 run to Sunday 1 January 2023
(counted as 2022) and weeks 53-104 are Monday 2 January - Sunday 31 December 2023.
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile


def dataset(path, name):
    """Shape and values (float64) of a dataset, through h5dump's binary output."""
    head = subprocess.run(["h5dump", "-H", "-d", name, path], capture_output=True, text=True)
    if head.returncode != 0:
        sys.exit(f"albania-fall: h5dump {path} {name}: {head.stderr.strip()}")
    dims = re.search(r"DATASPACE\s+SIMPLE\s+\{\s*\(\s*([\d,\s]+)\)", head.stdout)
    shape = [int(x) for x in dims.group(1).split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "data.bin")
        r = subprocess.run(["h5dump", "-d", name, "-b", "LE", "-o", out, path], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"albania-fall: h5dump {path} {name}: {r.stderr.strip()}")
        with open(out, "rb") as f:
            raw = f.read()
    n = shape[0] * shape[1] * shape[2]
    if len(raw) != 8 * n:
        sys.exit(f"albania-fall: {path} {name}: {len(raw)} bytes for shape {shape} of doubles")
    return shape, struct.unpack(f"<{n}d", raw)


def scenarios(path):
    out = subprocess.run(["h5ls", f"{path}/scenarios"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"albania-fall: h5ls {path}: {out.stderr.strip()}")
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--group", default="8", help="group index (8 = albanian), or all")
    ap.add_argument("--label", action="append", default=[], help="label for each file, in order")
    ap.add_argument("--quarters-2022", action="store_true", help="also print 2022 by 13-week quarter")
    a = ap.parse_args()
    if a.group != "all" and not (a.group.isdigit() and int(a.group) < 64):
        sys.exit(f"albania-fall: --group {a.group}: not a group index or 'all'")
    extra = "   2022 by quarter (13 weeks)" if a.quarters_2022 else ""
    print(f"{'run':<34} {'2022':>8} {'2023':>8} {'change':>8}   2023 by quarter (13 weeks){extra}")
    for i, path in enumerate(a.files):
        for scen in scenarios(path):
            (reps, weeks, groups), v = dataset(path, f"/scenarios/{scen}/groups/arrivals")
            if weeks < 105:
                sys.exit(f"albania-fall: {path}: {weeks} weeks, need 105 (a run from 2022-01-01 over two years)")

            if a.group != "all" and int(a.group) >= groups:
                sys.exit(f"albania-fall: {path}: --group {a.group}, but the file has {groups} groups")
            chosen = range(groups) if a.group == "all" else [int(a.group)]

            def mean_over(w0, w1):
                return sum(v[(r * weeks + w) * groups + g] for r in range(reps) for w in range(w0, w1)
                           for g in chosen) / reps

            y22, y23 = mean_over(0, 53), mean_over(53, 105)
            q = [mean_over(53 + 13 * k, 66 + 13 * k) for k in range(4)]
            label = a.label[i] if i < len(a.label) else scen
            line = f"{label:<34} {y22:>8.0f} {y23:>8.0f} {y23 / y22 - 1:>+8.0%}   " + ", ".join(f"{x:.0f}" for x in q)
            if a.quarters_2022:  # weeks 0-12, 13-25, 26-38, 39-52 (the last takes the week of 1 January 2023)
                q22 = [mean_over(13 * k, 13 * k + 13 if k < 3 else 53) for k in range(4)]
                line += "   " + ", ".join(f"{x:.0f}" for x in q22)
            print(line)


if __name__ == "__main__":
    main()
