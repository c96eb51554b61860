#!/usr/bin/env bash
# The main job (`make run`): every shipped policy scenario compared with the baseline
# under common random numbers, exported to CSV and drawn with gnuplot.
#   REPS=64 by default (about half a minute per 64 replications of 8 scenarios on 2 cores)
#   OUT=results by default
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${REPS:-64}"
out="${OUT:-results}"
mkdir -p "$out"
# The results are regenerated artefacts of this job, so it replaces its own previous output.
bin/chansim batch configs/scenarios/*.ini -r "$reps" -o "$out/comparison.h5" --force
bin/chansim export "$out/comparison.h5" -o "$out/csv" --force
if bin/chansim plot --help >/dev/null 2>&1; then
  bin/chansim plot "$out/comparison.h5" -o "$out/plots" --observed data/uk_small_boats_weekly.csv --force
fi
echo "main job done: $out/comparison.h5, $out/csv/, $out/plots/"
