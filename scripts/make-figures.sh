#!/usr/bin/env bash
# `make figures`: regenerate the README's figures (docs/figures/*.png) from a real run:
# a batch of every shipped scenario (configs/scenarios/*.ini, baseline first by name)
# under common random numbers, drawn by `chansim plot`. Seed and horizon come from the
# scenarios' [run] and [scenario] sections, so a rerun redraws the same figures.
#   REPS=40 by default (about 10 s on 2 cores)
# Only the two figures the README shows are kept; the rest go with the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${REPS:-40}"
figures="docs/figures"
keep=(arrivals_cumulative diff_baseline)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/chansim-figures.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

bin/chansim batch configs/scenarios/*.ini -r "$reps" -o "$tmp/batch.h5" -q
observed=()
if [ -f data/uk_small_boats_weekly.csv ]; then
  observed=(--observed data/uk_small_boats_weekly.csv)
else
  echo "make-figures: data/uk_small_boats_weekly.csv not found; drawing without observed data" >&2
fi
bin/chansim plot "$tmp/batch.h5" -o "$tmp/plots" "${observed[@]}" -q

mkdir -p "$figures"
for name in "${keep[@]}"; do
  # temp + rename: a reader (or a failed copy) never sees half an image
  cp "$tmp/plots/$name.png" "$figures/.$name.png.tmp"
  mv -f "$figures/.$name.png.tmp" "$figures/$name.png"
done
echo "make-figures: wrote ${keep[*]/%/.png} to $figures/ ($reps replications)"
