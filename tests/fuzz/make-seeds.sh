#!/usr/bin/env bash
# Seed corpora of the fuzz targets from the shipped files (configs/, data/, tests/data/),
# rewritten so their relative paths resolve in the targets' private tree (tests/fuzz/fuzz.h).
#   tests/fuzz/make-seeds.sh OUTDIR      run from the project root; writes OUTDIR/<target>/
set -euo pipefail
out=${1:?usage: make-seeds.sh OUTDIR}
sep=$'\n%%\n'
rm -rf "$out"
mkdir -p "$out"/{config,sweep,sensitivity,calibration,observed,backtest}

n=0
seed() { # seed TARGET TEXT
  n=$((n + 1))
  printf '%s' "$2" > "$out/$1/seed_$n"
}

# Scenario configs: each shipped scenario as the fuzzed file; tests' configs; a child of a
# second fuzzed file; --set assignments (including list elements and dates).
for f in configs/scenarios/*.ini; do seed config "$(cat "$f")"; done
for f in tests/data/config/*.ini tests/data/cli/*.ini tests/data/model/*.ini; do
  seed config "$(sed 's#^extends *= *.*#extends = baseline.ini#' "$f")"
done
seed config "extends = fuzz_parent.ini
[scenario]
days = 28
${sep}extends = rwanda.ini
[rwanda]
start = 2024-04-25
end = 2024-07-06
${sep}rwanda.capacity_per_year=3000
scenario.days=35
run.ensemble=none"
seed config "$(cat configs/scenarios/rwanda.ini)${sep}${sep}rwanda.end=2024-01-01
weather.calm_share=0.5"

# Sweep files: the shipped sweeps; the tests' sweeps with their base and points file.
for f in configs/sweeps/*.ini; do seed sweep "$(cat "$f")"; done
for f in tests/data/sweep/*.ini; do
  [ "$(basename "$f")" = base.ini ] && continue
  text=$(sed -e 's#\.\./\.\./\.\./configs/#../#' -e 's#^base *= *base\.ini#base = ../scenarios/baseline.ini#' \
             -e 's#^points *= *.*#points = points.csv#' "$f")
  pts=tests/data/sweep/points.csv
  case "$f" in *bad_list_csv*) pts=tests/data/sweep/bad_points.csv ;; esac
  seed sweep "${text}${sep}$(cat "$pts")"
done

# Sensitivity files: the shipped studies and the tests' (their base beside the sweeps' copy).
for f in configs/sensitivity/*.ini tests/data/sensitivity/*.ini; do
  [ -f "$f" ] || continue
  [ "$(basename "$f")" = base.ini ] && continue
  seed sensitivity "$(sed -e 's#^base *= *.*#base = ../scenarios/baseline.ini#' -e 's#^\(policies *= *\).*#\1../scenarios/rwanda.ini#' "$f")"
done

# Calibration files: the shipped calibration and the tests' small one.
seed calibration "$(cat configs/calibration/calibrate_history.ini)"
seed calibration "$(sed -e 's#^scenario *= *.*#scenario = history_2022_2025.ini#' \
                        -e 's#^data_dir *= *.*#data_dir = ../data#' tests/data/calib/tiny_cal.ini)"

# Observed CSVs: the whole record, and a short one (a few months) that mutates faster.
seed observed "$(cat data/uk_small_boats_daily.csv)${sep}$(cat data/uk_small_boats_weekly.csv)${sep}$(cat data/deaths_annual.csv)"
seed observed "$(head -n 120 data/uk_small_boats_daily.csv)${sep}$(head -n 18 data/uk_small_boats_weekly.csv)${sep}$(head -n 4 data/deaths_annual.csv)"
for f in tests/data/plot/observed_*.csv; do seed observed "$(cat "$f")"; done

# Backtest files: the shipped one (it extends the history replay beside it in the private tree).
for f in configs/validation/*.ini; do
  seed backtest "$(sed -e 's#^extends *= *\.\./calibration/#extends = #' -e 's#^observed *= *\.\./\.\./data/#observed = ../data/#' "$f")"
done

echo "make-seeds: $n seeds in $out"
