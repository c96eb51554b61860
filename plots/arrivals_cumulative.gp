# Cumulative arrivals in the UK by small boat, every scenario on one set of axes:
# the mean running total across replications (line) and its 90% band (shaded; the 5th
# and 95th percentiles of the running total, not sums of weekly percentiles).
#
# Written by `chansim plot` from the template plots/arrivals_cumulative.gp
# (placeholders: plots/README.md). The data are in @DATA@. To restyle, edit this file
# and rerun in its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
array names[@NSCEN@] = [@SCENARIOS@]
n = |names|

set terminal @TERMINAL@
set output '@OUTPUT@'
set title "Cumulative arrivals in the UK by small boat\n" . \
          'Line: mean.  Shaded: 90% of replications (@REPS@).' font ',15'
set xdata time
set format x "%b\n%Y"
set xrange @XRANGE@
set xtics @XTICS@
set ylabel '@YLABEL@'
set format y '%.0f'
set yrange [0:*]
set key outside right center vertical Left reverse samplen 2.5 spacing 1.3 title 'Scenario' left
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
set rmargin at screen 0.77
plot for [i = 1:n] data index i-1 using 1:3:5 with filledcurves lt i notitle, \
     for [i = 1:n] data index i-1 using 1:2 with lines lt i lw 2 title names[i]
