#!/usr/bin/python3
"""Which statistics make the ABC distance of a history replay (docs/calibration.md section 4).

    scripts/calibration-distance.py RESULTS.h5 CALIBRATION.h5 CALIBRATE.ini

RESULTS.h5: a replay with one posterior draw per replication (`chansim run
configs/calibration/history_2022_2025.ini`); CALIBRATION.h5: a `chansim calibrate` output,
for the observed statistics and the distance scales (MAD of its generation 0); CALIBRATE.ini:
the weights ([statistics]). For each replication, d = sum_g w_g sqrt(mean_k ((s_k - o_k) /
scale_k)^2), as the sampler computes it (sim/experiments/abc.h), and each group's share; then
the same for the replications' mean (bias only) with each group's largest standardized
biases (period index, 0 = the first year, half year or month of 2022). The prevention shares
are taken over half-year day sums where the sampler sums the record's published weeks, so
those two groups are approximate. Needs h5py and numpy (/usr/bin/python3).
"""
import sys, h5py, numpy as np, datetime as dt, configparser
if len(sys.argv) != 4:
    sys.exit(__doc__)
res, calh5, calini = sys.argv[1], sys.argv[2], sys.argv[3]
cp = configparser.ConfigParser(inline_comment_prefixes=(';',)); cp.read(calini)
W = {k: float(v) for k, v in cp['statistics'].items()}
g = h5py.File(calh5, 'r')['calibration']
f = h5py.File(res, 'r'); s = f['scenarios'][list(f['scenarios'].keys())[0]]['daily']
day0 = int(s['day'][0]); nd = s['arrivals'].shape[1]
dates = [dt.date(1970,1,1) + dt.timedelta(days=day0 + i) for i in range(nd)]
A, B, D = s['arrivals'][:], s['boats'][:], s['deaths'][:]
PP, PL = s['prevented_people'][:], s['prevented_launches'][:]
def periods(kind):
    out = []
    for y in range(2022, 2026):
        if kind == 'annual': out.append([d.year == y for d in dates])
        elif kind == 'half':
            for h in (0, 1): out.append([d.year == y and (d.month > 6) == h for d in dates])
        else:
            for m in range(1, 13): out.append([d.year == y and d.month == m for d in dates])
    return [np.array(p) for p in out]
def sim(metric, kind):
    P = periods(kind)
    if metric.startswith('prevent'): P = P[4:]  # 2024H1..2025H2 have SB_02 data
    cols = []
    for p in P:
        a, b = A[:, p].sum(1), B[:, p].sum(1)
        if metric == 'arrivals': v = a
        elif metric == 'boats': v = b
        elif metric == 'people_per_boat': v = a / b
        elif metric == 'days_with_arrivals': v = (A[:, p] > 0).sum(1)
        elif metric == 'deaths': v = D[:, p].sum(1)
        elif metric == 'prevention_share': pp = PP[:, p].sum(1); v = pp / (pp + a)
        elif metric == 'prevented_event_share': pl = PL[:, p].sum(1); v = pl / (pl + b)
        cols.append(v)
    return np.array(cols).T
rows = []
tot = np.zeros(A.shape[0]); totb = 0
for key, w in W.items():
    metric, kind = key.rsplit('.', 1)
    o = g['observed'][key][:]; sc = g['scale'][key][:]
    x = sim(metric, kind)
    z = (x - o) / sc
    rms = np.sqrt(np.nanmean(z ** 2, axis=1))
    zb = (x.mean(0) - o) / sc   # bias of the ensemble mean
    bias = np.sqrt(np.mean(zb ** 2))
    tot += w * rms; totb += w * bias
    worst = np.argsort(-np.abs(zb))[:3]
    rows.append((key, w, np.mean(w * rms), w * bias, ', '.join(f'{i}:{zb[i]:+.2f}' for i in worst)))
print(f"distance per draw: mean {tot.mean():.2f}, median {np.median(tot):.2f}, q05 {np.quantile(tot,.05):.2f}, q95 {np.quantile(tot,.95):.2f}; of the ensemble mean (bias only) {totb:.2f}")
print(f"{'statistic':30s} {'w':>5s} {'w*RMS per draw':>15s} {'share':>6s} {'w*RMS of mean':>14s} {'share':>6s}  largest standardized biases (period index:z)")
for k, w, c, b, worst in sorted(rows, key=lambda r: -r[2]):
    print(f"{k:30s} {w:5.2f} {c:15.2f} {c/tot.mean():6.1%} {b:14.2f} {b/totb:6.1%}  {worst}")
