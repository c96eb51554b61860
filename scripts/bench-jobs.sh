#!/usr/bin/env bash
# The jobs users run, timed (second half of `make bench`; the first half is
# `chansim bench`, the agent-day rate on one and on all threads).
#
# Each job runs as a child process measured by GNU time (user + system CPU seconds and
# peak resident memory of the process), so figures are CPU-time rates: on a shared
# machine other processes take time slices from the wall clock, not from these.
#   comparison   the default comparison of `make run` (batch of every scenario, CSV, plots)
#   sweep        sweep points per core-hour at 8 replications (a shard of enforcement.ini)
#   calibration  ABC simulations per core-second (calibrate_history.ini, small population)
#   sensitivity  Morris screening design points per core-hour (a shard of screening.ini)
#   ceiling      the host's own limit on parallel efficiency: the one-thread agent-day rate
#                of P independent processes run at once (P = nproc) against
#                one process alone; shared caches and memory slow processes that share no
#                data, and threads cannot beat that
# then how one replication's cost grows with the inflow (1x, 2x, 4x, 8x) and the horizon
# (1, 2, 5, 10 years) on one thread: CPU seconds and peak memory, as a table.
#
#   scripts/bench-jobs.sh [-b BINARY] [-j JOBS]    JOBS: comma list of
#     comparison,sweep,calibration,sensitivity,ceiling,growth (default all)
# Environment: REPS (comparison replications, default 64, as make run); CEILING_PROCS
# (default nproc) and CEILING_REPS (replications a process, default 128).
# Needs GNU time (/usr/bin/time, Debian package `time`). Run from the project root.
set -euo pipefail

bin=bin/chansim
jobs=comparison,sweep,calibration,sensitivity,ceiling,growth
while getopts "b:j:h" opt; do
  case $opt in
    b) bin=$OPTARG ;; j) jobs=$OPTARG ;;
    *) sed -n '2,23p' "$0"; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "bench-jobs: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
[ -x "$bin" ] || { echo "bench-jobs: $bin not built (make)" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
want() { [[ ",$jobs," == *",$1,"* ]]; }

# measure NAME CMD...: run CMD (its output to $work/NAME.log), set CPU (s), WALL (s), PEAK (MiB).
measure() {
  local name=$1; shift
  if ! /usr/bin/time -f '%U %S %e %M' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1; then
    echo "bench-jobs: $name failed: $*" >&2
    tail -5 "$work/$name.log" >&2
    return 1
  fi
  read -r u s WALL kb < <(tail -1 "$work/$name.time")
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  PEAK=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
}
rate() { awk -v n="$1" -v d="$2" -v k="${3:-1}" 'BEGIN { printf "%.4g", (d > 0 ? n * k / d : 0) }'; }

if want comparison; then
  reps=${REPS:-64}
  scen=(configs/scenarios/*.ini)
  measure comparison env REPS="$reps" OUT="$work/cmp" scripts/run-main.sh
  n=$((reps * ${#scen[@]}))
  echo "bench: job=comparison scenarios=${#scen[@]} reps=$reps cpu_seconds=$CPU wall_seconds=$WALL" \
       "comparisons_per_core_hour=$(rate 1 "$CPU" 3600) replications_per_cpu_sec=$(rate "$n" "$CPU")"
fi

if want sweep; then
  # 5 of the 25 points of the enforcement grid (--shard 1/5), 8 replications each.
  measure sweep "$bin" sweep configs/sweeps/enforcement.ini -r 8 --shard 1/5 -q -o "$work/sweep.h5"
  points=$("$bin" sweep configs/sweeps/enforcement.ini --shard 1/5 --dry-run | sed -n 's|^shard 1/5: \([0-9]*\) points.*|\1|p')
  [ -n "$points" ] || { echo "bench-jobs: cannot read the shard's number of points" >&2; exit 1; }
  echo "bench: job=sweep points=$points reps=8 cpu_seconds=$CPU wall_seconds=$WALL" \
       "sweep_points_per_core_hour=$(rate "$points" "$CPU" 3600)"
fi

if want calibration; then
  # The shipped calibration with a small population (24 particles, one generation after
  # the first) and a short replay: the same simulations, fewer of them.
  sed -e 's/^particles = .*/particles = 24/' -e 's/^max_generations = .*/max_generations = 1/' \
      -e 's/^replay_replications = .*/replay_replications = 2/' -e 's/^posterior_draws = .*/posterior_draws = 4/' \
      -e "s|^scenario = |scenario = $PWD/configs/calibration/|" -e "s|^data_dir = ../../data|data_dir = $PWD/data|" \
      configs/calibration/calibrate_history.ini > "$work/calibrate.ini"
  measure calibration "$bin" calibrate "$work/calibrate.ini" -o "$work/cal.h5" -c "$work/calibrated.ini"
  sims=$(sed -n 's/.*generations, \([0-9]*\) simulations x \([0-9]*\) replications.*/\1 \2/p' "$work/calibration.log")
  read -r nsim nrep <<<"${sims:-0 0}"
  echo "bench: job=calibration simulations=$nsim replications_each=$nrep cpu_seconds=$CPU wall_seconds=$WALL" \
       "calibration_simulations_per_cpu_sec=$(rate "$nsim" "$CPU")"
fi

if want sensitivity; then
  if "$bin" sensitivity --help >/dev/null 2>&1; then
    # One twentieth of the shipped Morris screening (--shard 1/20), one year ahead as shipped.
    # The dry run counts runs (design point x scenario); each runs 2 replications.
    sa=(configs/sensitivity/screening.ini --set scenario.days=365 --shard 1/20)
    "$bin" sensitivity "${sa[@]}" --dry-run >"$work/sa-dry.txt"
    runs=$(sed -n 's|^shard 1/20: \([0-9]*\) points.*|\1|p' "$work/sa-dry.txt")
    nscen=$(sed -n '1s/.* design points x \([0-9]*\) scenarios.*/\1/p' "$work/sa-dry.txt")
    [ -n "$runs" ] && [ -n "$nscen" ] || { echo "bench-jobs: cannot read the screening shard's size" >&2; exit 1; }
    measure sensitivity "$bin" sensitivity "${sa[@]}" -q -o "$work/sa.h5"
    echo "bench: job=sensitivity runs=$runs scenarios=$nscen reps=2 days=365 cpu_seconds=$CPU wall_seconds=$WALL" \
         "screening_design_points_per_core_hour=$(awk -v r="$runs" -v n="$nscen" -v c="$CPU" 'BEGIN { printf "%.4g", r / n / c * 3600 }')"
  else
    echo "bench: job=sensitivity skipped: this chansim has no sensitivity command"
  fi
fi

if want ceiling; then
  # Each process: `chansim bench --threads 1` (its first line is the one-thread pass, a
  # CPU-time rate). Alone, then P at once; the ratio of the mean concurrent rate to the
  # alone rate is the efficiency P independent jobs reach on this host, the ceiling for
  # `chansim bench`'s efficiency at P threads.
  procs=${CEILING_PROCS:-$(nproc)} creps=${CEILING_REPS:-128}
  one_rate() { sed -n '1s/.*cpu_agent_days_per_sec=\([0-9]*\).*/\1/p' "$1"; }
  cb=("$bin" bench configs/scenarios/baseline.ini --threads 1 -r "$creps")
  "${cb[@]}" >"$work/ceiling-alone.log" 2>&1 || { echo "bench-jobs: ceiling: ${cb[*]} failed" >&2; exit 1; }
  alone=$(one_rate "$work/ceiling-alone.log")
  pids=()
  for ((i = 0; i < procs; i++)); do "${cb[@]}" >"$work/ceiling-$i.log" 2>&1 & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "bench-jobs: ceiling: a concurrent ${cb[*]} failed" >&2; exit 1; }; done
  rates=$(for ((i = 0; i < procs; i++)); do one_rate "$work/ceiling-$i.log"; done | tr '\n' ' ')
  [ -n "$alone" ] && [ "$(wc -w <<<"$rates")" -eq "$procs" ] || { echo "bench-jobs: ceiling: cannot read the rates" >&2; exit 1; }
  echo "bench: job=ceiling processes=$procs reps=$creps alone_cpu_agent_days_per_sec=$alone" \
       "concurrent_cpu_agent_days_per_sec=$(tr ' ' ',' <<<"${rates% }")" \
       "host_efficiency=$(awk -v a="$alone" -v r="$rates" 'BEGIN { n = split(r, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; printf "%.3f", s / n / a }')"
fi

if want growth; then
  # One replication on one thread, posterior medians (no ensemble) so every row runs the
  # same parameters. Inflow rows: the baseline's 2 years after its 180-day warm-up, with
  # every anchor of the demand history (demand.level_k, the coast inflow by date) scaled
  # by the factor. Horizon rows: N years simulated in all, no warm-up (the demand history
  # is flat after its last anchor, mid-2025, so later years cost what early ones do);
  # where [scenario] days refuses the horizon, the part over its cap is simulated as
  # warm-up (marked "warmup").
  mapfile -t levels < <("$bin" config configs/scenarios/baseline.ini --set run.ensemble=none |
                        sed -n '/^\[demand\]/,/^\[/s/^\(level_[0-9]*\) = \([0-9.e+-]*\).*/\1 \2/p')
  [ "${#levels[@]}" -gt 0 ] || { echo "bench-jobs: cannot read the baseline's demand levels" >&2; exit 1; }
  echo "bench: growth of one replication (1 thread, posterior medians): CPU seconds and peak memory"
  printf 'bench: %-10s %-8s %12s %12s %14s\n' case value cpu_seconds peak_MiB note
  for k in 1 2 4 8; do
    scaled=()
    for kv in "${levels[@]}"; do
      read -r key value <<<"$kv"
      v=$(awk -v b="$value" -v k="$k" 'BEGIN { printf "%.6g", b * k }')
      scaled+=(--set "demand.$key=$v")
    done
    measure "inflow$k" env OMP_NUM_THREADS=1 "$bin" run configs/scenarios/baseline.ini -r 1 -q \
      --set run.ensemble=none "${scaled[@]}" -o "$work/g.h5" -f
    printf 'bench: %-10s %-8s %12s %12s %14s\n' inflow "${k}x" "$CPU" "$PEAK" "levels x$k"
  done
  for y in 1 2 5 10; do
    total=$((y * 365)) note=""
    if ! measure "years$y" env OMP_NUM_THREADS=1 "$bin" run configs/scenarios/baseline.ini -r 1 -q \
         --set run.ensemble=none --set scenario.days=$total --set scenario.warmup_days=0 -o "$work/g.h5" -f 2>/dev/null; then
      cap=$("$bin" run configs/scenarios/baseline.ini -r 1 -q --set scenario.days=999999 -o "$work/g.h5" -f 2>&1 |
            sed -n 's/.*out of range \[[0-9]*, \([0-9]*\)\].*/\1/p' || true)
      [ -n "$cap" ] || { echo "bench-jobs: horizon of $y years failed" >&2; exit 1; }
      note="warmup $((total - cap))d"
      measure "years$y" env OMP_NUM_THREADS=1 "$bin" run configs/scenarios/baseline.ini -r 1 -q \
        --set run.ensemble=none --set scenario.days=$cap --set scenario.warmup_days=$((total - cap)) -o "$work/g.h5" -f
    fi
    printf 'bench: %-10s %-8s %12s %12s %14s\n' horizon "${y}y" "$CPU" "$PEAK" "${note:--}"
  done
fi
