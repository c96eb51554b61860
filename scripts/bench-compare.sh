#!/usr/bin/env bash
# Paired A/B benchmark: the agent-day rate of an older commit against the current tree.
#
#   scripts/bench-compare.sh OLD_COMMIT [RUNS]        (from anywhere inside the repository)
#
# Builds OLD_COMMIT in a temporary git worktree (under $TMPDIR) and the current tree
# (uncommitted changes included) here, then runs RUNS pairs (default 3) of
# `chansim bench configs/scenarios/baseline.ini --threads 1 -r REPS`, old and new in turn
# (the order alternates from pair to pair), each tree with its own binary and scenario
# files. Each bench makes two one-thread passes of REPS replications; their CPU-time
# rate (agent-days per CPU second) is the figure, and the ratio new/old is taken pair by
# pair, so slow drift of a shared machine's speed cancels. Prints every pair, then each
# rate and the ratio as min/median/max over the pairs.
# Environment: REPS (default 16), BENCH_CONFIG (default configs/scenarios/baseline.ini).
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '2,14p' "$0"; exit 2; }
old_rev=$1
runs=${2:-3}
reps=${REPS:-16}
config=${BENCH_CONFIG:-configs/scenarios/baseline.ini}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench-compare: RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
old_sha=$(git -C "$root" rev-parse --verify --quiet "$old_rev^{commit}") ||
  { echo "bench-compare: '$old_rev' is not a commit" >&2; exit 2; }
new_desc="$(git -C "$root" rev-parse --short=12 HEAD)$(git -C "$root" diff --quiet HEAD || echo +changes)"

tmp=$(mktemp -d)
old_tree=$tmp/old
cleanup() {
  git -C "$root" worktree remove --force "$old_tree" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
echo "bench-compare: building $old_rev (${old_sha:0:12}) in $old_tree and the current tree ($new_desc)" >&2
git -C "$root" worktree add --detach --quiet "$old_tree" "$old_sha"
make -C "$old_tree" -j2 bin/chansim >"$tmp/old-build.log" 2>&1 || { tail -20 "$tmp/old-build.log" >&2; exit 1; }
make -C "$root" -j2 bin/chansim >"$tmp/new-build.log" 2>&1 || { tail -20 "$tmp/new-build.log" >&2; exit 1; }

# bench TREE -> the CPU-time rate of its one-thread passes (agent-days per CPU second).
bench() {
  (cd "$1" && bin/chansim bench "$config" --threads 1 -r "$reps") >"$tmp/bench.out" 2>&1 ||
    { cat "$tmp/bench.out" >&2; return 1; }
  awk '/^bench: threads=1 / {
         for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         days += v["agent_days"]; cpu += v["cpu_seconds"] }
       END { if (cpu <= 0) exit 1; printf "%.0f\n", days / cpu }' "$tmp/bench.out" ||
    { echo "bench-compare: no bench line from $1" >&2; cat "$tmp/bench.out" >&2; return 1; }
}

: >"$tmp/pairs"
for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then a=$(bench "$old_tree"); b=$(bench "$root"); else b=$(bench "$root"); a=$(bench "$old_tree"); fi
  awk -v i="$i" -v a="$a" -v b="$b" 'BEGIN { printf "bench-compare: pair %d: old %.1fM new %.1fM agent-days/CPU-s, ratio %.3f\n", i, a / 1e6, b / 1e6, b / a }'
  echo "$a $b" >>"$tmp/pairs"
done

# min/median/max of column C (the ratio when C is 3) over the pairs.
stats() {
  awk -v c="$1" '{ x = (c == 3 ? $2 / $1 : $c); print x }' "$tmp/pairs" | sort -g |
    awk '{ v[NR] = $1 } END { m = (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); print v[1], m, v[NR] }'
}
read -r lo med hi < <(stats 1)
printf 'bench-compare: old %s (%s): %.1fM / %.1fM / %.1fM agent-days per CPU second (min/median/max of %d)\n' \
  "$old_rev" "${old_sha:0:12}" "$(awk -v x="$lo" 'BEGIN{print x/1e6}')" "$(awk -v x="$med" 'BEGIN{print x/1e6}')" \
  "$(awk -v x="$hi" 'BEGIN{print x/1e6}')" "$runs"
read -r lo med hi < <(stats 2)
printf 'bench-compare: new %s: %.1fM / %.1fM / %.1fM agent-days per CPU second\n' "$new_desc" \
  "$(awk -v x="$lo" 'BEGIN{print x/1e6}')" "$(awk -v x="$med" 'BEGIN{print x/1e6}')" "$(awk -v x="$hi" 'BEGIN{print x/1e6}')"
read -r lo med hi < <(stats 3)
printf 'bench-compare: ratio new/old: %.3f / %.3f / %.3f (min/median/max, %d pairs, %d replications x 2 passes each, 1 thread)\n' \
  "$lo" "$med" "$hi" "$runs" "$reps"
