#!/usr/bin/env bash
# Regenerate tests/data/reference/stat_reference.csv: for each scenario the test
# tests/models/test_stat_reference.c checks, the mean and standard error over REPS
# replications of each per-replication total, from the HDF5 results of
# `chansim run configs/scenarios/NAME.ini -r REPS`.
#
# Run this ONLY in a commit that changes the model on purpose, and say so in its message:
# the file is the yardstick that speed-ups and refactorings must stay statistically
# equal to (make test-stat).
#
#   scripts/make-stat-reference.sh [-b BINARY] [-d H5DIR] [-r REPS] [-o OUT.csv]
#     -b BINARY  chansim binary to run (default bin/chansim)
#     -d H5DIR   use existing results H5DIR/NAME.h5 (made with -r REPS) instead of running
#     -r REPS    replications (default 200)
#     -o OUT     output (default tests/data/reference/stat_reference.csv)
# Needs h5dump (hdf5-tools). Run from the project root.
set -euo pipefail

scenarios=(baseline border_security_command shallow_water_interceptions)
metrics=(arrivals boats people_per_boat deaths returned cost)
bin=bin/chansim h5dir= reps=200 out=tests/data/reference/stat_reference.csv
while getopts "b:d:r:o:h" opt; do
  case $opt in
    b) bin=$OPTARG ;; d) h5dir=$OPTARG ;; r) reps=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
command -v h5dump >/dev/null || { echo "make-stat-reference: h5dump not found (apt-get install hdf5-tools)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$h5dir" ]; then
  h5dir=$work
  for s in "${scenarios[@]}"; do
    echo "make-stat-reference: running $s ($reps replications)" >&2
    "$bin" run "configs/scenarios/$s.ini" -r "$reps" -q -o "$h5dir/$s.h5"
  done
fi

attr() { # FILE ATTRIBUTE -> the string or number value of /provenance's attribute
  h5dump -a "/provenance/$2" "$1" | sed -n 's/^ *(0): "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p'
}

first=$h5dir/${scenarios[0]}.h5
commit=$(attr "$first" git_commit)
seed=$(attr "$first" seed)
{
  echo "# Statistical reference for make test-stat (tests/models/test_stat_reference.c)."
  echo "# Mean and standard error (sd/sqrt(n), sd with n-1) over n replications of each"
  echo "# per-replication total in /scenarios/NAME/totals/METRIC of"
  echo "#   chansim run configs/scenarios/NAME.ini -r $reps   (seed $seed, the scenarios' own)"
  echo "# made by the code at commit $commit with scripts/make-stat-reference.sh, on $(date -u +%Y-%m-%d)."
  echo "# Regenerate it only in a commit that changes the model on purpose, and say so there."
  echo "scenario,metric,n,mean,se"
  for s in "${scenarios[@]}"; do
    f=$h5dir/$s.h5
    [ "$(attr "$f" replications)" = "$reps" ] || { echo "make-stat-reference: $f does not have $reps replications" >&2; exit 1; }
    [ "$(attr "$f" git_commit)" = "$commit" ] || { echo "make-stat-reference: $f comes from another commit" >&2; exit 1; }
    for m in "${metrics[@]}"; do
      h5dump -y -w 0 -m '%.17g' -d "/scenarios/$s/totals/$m" -o "$work/values.txt" "$f" >/dev/null
      tr ',' '\n' < "$work/values.txt" | awk -v s="$s" -v m="$m" '
        NF { x = $1 + 0; n++; d = x - mean; mean += d / n; m2 += d * (x - mean) }  # Welford (1962)
        END { if (n < 2) { print "make-stat-reference: too few values for " s "/" m > "/dev/stderr"; exit 1 }
              printf "%s,%s,%d,%.10g,%.10g\n", s, m, n, mean, sqrt(m2 / (n - 1) / n) }'
    done
  done
} > "$out.tmp"
mv -f "$out.tmp" "$out"
echo "make-stat-reference: wrote $out" >&2
