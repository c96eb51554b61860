#!/usr/bin/python3
"""Which posterior marginals pile against a prior bound (docs/calibration.md section 4).

    scripts/posterior-bounds.py CALIBRATE.ini POSTERIOR.ini CALIBRATED.ini

For each [priors] entry of CALIBRATE.ini: the 5%, 50% and 95% of the draws of POSTERIOR.ini
(the shipped ensemble) and the share of draws in the lowest and highest tenth of the prior
(in log for a log-uniform prior); 10% each for draws spread like the prior, flagged above
20%. A list parameter's factor is recovered from its draw with CALIBRATED.ini's median
factor and list (the mean ratio for `scale`, the spread ratio for `contrast`).
"""
import re, sys, math, statistics as st
if len(sys.argv) != 4:
    sys.exit(__doc__)
cal, post, calib = sys.argv[1], sys.argv[2], sys.argv[3]
priors = {}
sec = None
for line in open(cal):
    line = line.split(';')[0].strip()
    if not line: continue
    if line.startswith('['): sec = line; continue
    if sec == '[priors]' and '=' in line:
        k, v = [x.strip() for x in line.split('=', 1)]
        t = v.split()
        tr = None
        if t[0] in ('scale', 'contrast'): tr = t[0]; t = t[1:]
        priors[k] = (tr, t[0], float(t[1]), float(t[2]))
# medians of list factors from calibrated.ini: comment 'posterior median X' before the list line
med_factor, med_list = {}, {}
sec = None; last = None
for line in open(calib):
    s = line.strip()
    if s.startswith('['): sec = s[1:-1]; continue
    m = re.search(r'posterior median ([0-9.eE+-]+)', s)
    if m: last = float(m.group(1)); continue
    if '=' in s and not s.startswith(';'):
        k, v = [x.strip() for x in s.split('=', 1)]
        name = f'{sec}.{k}'
        if ',' in v: med_factor[name] = last; med_list[name] = [float(x) for x in v.split(',')]
draws = {}
for line in open(post):
    s = line.strip()
    if '=' in s and not s.startswith(';') and '.' in s.split('=')[0]:
        k, v = [x.strip() for x in s.split('=', 1)]
        draws.setdefault(k, []).append(v)
def factor(name, tr, v):
    x = [float(a) for a in v.split(',')]
    b = med_list[name]; c = med_factor[name]
    if tr == 'scale': return (sum(x) / len(x)) / (sum(b) / len(b)) * c
    mb = sum(b) / len(b)
    sb = math.sqrt(sum((y - mb) ** 2 for y in b)); sx = math.sqrt(sum((y - sum(x)/len(x)) ** 2 for y in x))
    return sx / sb * c
print(f"{'parameter':38s} {'prior':>22s} {'q05':>9s} {'q50':>9s} {'q95':>9s} {'low10%':>7s} {'high10%':>7s}")
for k, (tr, fam, lo, hi) in priors.items():
    vals = [factor(k, tr, v) if tr else float(v) for v in draws[k]]
    f = (lambda x: math.log(x)) if fam == 'loguniform' else (lambda x: x)
    u = [(f(x) - f(lo)) / (f(hi) - f(lo)) for x in vals]
    vs = sorted(vals); n = len(vs)
    lo10 = sum(1 for a in u if a < 0.1) / n; hi10 = sum(1 for a in u if a > 0.9) / n
    flag = ' <== low' if lo10 > 0.2 else (' <== high' if hi10 > 0.2 else '')
    print(f"{k:38s} {(tr or '') + ' ' + fam + ' ' + str(lo) + '-' + str(hi):>22s} {vs[n//20]:9.4g} {vs[n//2]:9.4g} {vs[n*19//20]:9.4g} {lo10:7.2f} {hi10:7.2f}{flag}")
