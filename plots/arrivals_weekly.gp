# Weekly arrivals in the UK by small boat, one panel per scenario: the mean across
# replications (line), the 90% band (5th to 95th percentile, shaded) and, in every
# other panel, the baseline's mean in grey for reference. One y scale for all panels.
#
# Written by `chansim plot` from the template plots/arrivals_weekly.gp (placeholders:
# plots/README.md). The data are in @DATA@. To restyle, edit this file and rerun in
# its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
array names[@NSCEN@] = [@SCENARIOS@]
n = |names|
ibase = @IBASE@ + 1   # the baseline's block + 1

# The shared y scale: up to the largest 95th percentile (column 6) of any scenario.
stats data using 6 nooutput
ymax = STATS_max > 0 ? STATS_max * 1.05 : 1

# Panel grid, as square as a 16:10 page allows.
cols = n <= 3 ? n : n == 4 ? 2 : n <= 6 ? 3 : n <= 8 ? 4 : n == 9 ? 3 : 4
rows = int(ceil(n * 1.0 / cols))

set terminal @TERMINAL@
set output '@OUTPUT@'
set xdata time
set format x "%b\n%Y"
set xrange @XRANGE@
# Tic dates (first days of months) chosen by chansim for the panel width.
xtics_wide = '@XTICS@'
xtics_narrow = '@XTICS_NARROW@'
eval 'set xtics ' . (cols <= 2 ? xtics_wide : xtics_narrow)
set yrange [0:ymax]
set tics font ',10'
set label 1 '@YLABEL@' at screen 0.015, 0.47 rotate by 90 center
set label 2 'Line: mean.  Shaded: 90% of replications (@REPS@).  Grey: baseline mean.  Weeks drawn at mid-week.' \
    at screen 0.5, 0.02 center font ',10'
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
set multiplot layout rows, cols title 'Weekly arrivals in the UK by small boat' font ',15' \
    margins 0.075, 0.985, 0.12, 0.90 spacing 0.04, 0.12
do for [i = 1:n] {
    set title names[i] font ',12'
    if (i == ibase) {
        plot data index i-1 using 2:4:6 with filledcurves lt i, \
             ''   index i-1 using 2:3 with lines lt i lw 1.2
    } else {
        plot data index i-1 using 2:4:6 with filledcurves lt i, \
             ''   index ibase-1 using 2:3 with lines lc rgb grey lw 0.8, \
             ''   index i-1 using 2:3 with lines lt i lw 1.2
    }
    unset label   # the page labels once, on the first panel
}
unset multiplot
