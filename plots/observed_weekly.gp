# Simulated and observed weekly arrivals over the weeks both cover: the baseline
# scenario's mean across replications (line) and 90% band (shaded), and the observed
# Home Office weekly counts (black points). Simulated weeks start on the scenario's
# start date, observed weeks run Monday to Sunday; both are drawn at their middle day.
#
# Written by `chansim plot` from the template plots/observed_weekly.gp (placeholders:
# plots/README.md). The data are in @DATA@ (block 0 simulated, block 1 observed).
# To restyle, edit this file and rerun in its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'

# Headroom above the highest value keeps the legend (top left) clear of the data.
stats data index 0 using 6 nooutput
ymax = STATS_max
stats data index 1 using 3 nooutput
ymax = STATS_max > ymax ? STATS_max : ymax
ymax = ymax > 0 ? ymax : 1

set terminal @TERMINAL@
set output '@OUTPUT@'
set title "Simulated ('@BASELINE@') and observed weekly arrivals in the UK by small boat\n" . \
          '@NOTE_SIM@' . "\n" . '@NOTE_OBS@' font ',14'
set xdata time
set format x "%b\n%Y"
set xrange @XRANGE@
set xtics @XTICS@
set ylabel '@YLABEL@'
set yrange [0:1.25 * ymax]
set key inside top left vertical Left reverse samplen 2.5 spacing 1.1
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
plot data index 0 using 2:4:6 with filledcurves lt 1 title 'Simulated: 90% of replications (@REPS@)', \
     ''   index 0 using 2:3 with lines lt 1 lw 2 title 'Simulated: mean', \
     ''   index 1 using 2:3 with linespoints lc rgb '#000000' lw 1 pt 7 ps 0.8 title 'Observed (Home Office)'
