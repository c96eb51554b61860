# Differences from the baseline over the whole horizon (scenario minus baseline) in
# arrivals, deaths at sea and public cost: the mean paired difference across
# replications (point) and its 95% confidence interval (bar). Replication r of every
# scenario used the same random numbers, so the differences are measured, not swamped
# by noise. Left of the dashed line: less than the baseline.
#
# Written by `chansim plot` from the template plots/diff_baseline.gp (placeholders:
# plots/README.md). The data are in @DATA@. To restyle, edit this file and rerun in
# its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
ncomp = @NCOMP@

set terminal @TERMINAL@
set output '@OUTPUT@'
set yrange [ncomp - 0.5 : -0.5]         # first scenario at the top
set ytics scale 0
set grid noytics
set xrange [*<0 : 0<*]                  # always show zero
set xtics font ',10'
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb grey lw 1.5 dt 2 back
set label 2 'Point: mean of the paired differences.  Bar: its 95% confidence interval.  Left of the dashed line: less than the baseline.' \
    at screen 0.5, 0.025 center font ',10'
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
set multiplot layout 1, 3 title "Difference from the baseline scenario '@BASELINE@' over the whole horizon" \
    font ',15' margins 0.2, 0.98, 0.16, 0.9 spacing 0.035, 0
set xlabel '@XLABEL1@'
set xtics @XSTEP1@
set format x '@XFMT1@'
# Each point gets a thin dark outline, so light colours (yellow) stay visible on white.
plot data using 3:0:4:5:1:ytic(2) with xerrorbars lc variable pt 7 ps 1.6 lw 2, \
     ''   using 3:0 with points pt 6 ps 1.6 lw 0.6 lc rgb ink
unset label
set format y ''
set xlabel '@XLABEL2@'
set xtics @XSTEP2@
set format x '@XFMT2@'
plot data using 6:0:7:8:1 with xerrorbars lc variable pt 7 ps 1.6 lw 2, \
     ''   using 6:0 with points pt 6 ps 1.6 lw 0.6 lc rgb ink
set xlabel '@XLABEL3@'
set xtics @XSTEP3@
set format x '@XFMT3@'
plot data using ($9/1e6):0:($10/1e6):($11/1e6):1 with xerrorbars lc variable pt 7 ps 1.6 lw 2, \
     ''   using ($9/1e6):0 with points pt 6 ps 1.6 lw 0.6 lc rgb ink
unset multiplot
