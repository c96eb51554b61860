# Deaths at sea (running total) and people per boat (week by week), every scenario:
# means across replications, without bands to keep the scenarios apart (the .dat file
# also has the weekly deaths and the 5th, 50th and 95th percentiles of everything).
#
# Written by `chansim plot` from the template plots/deaths_ppb.gp (placeholders:
# plots/README.md). The data are in @DATA@. To restyle, edit this file and rerun in
# its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
array names[@NSCEN@] = [@SCENARIOS@]
n = |names|

set terminal @TERMINAL@
set output '@OUTPUT@'
set xdata time
set format x "%b\n%Y"
set xrange @XRANGE@
set xtics @XTICS@
set key at screen 0.99, 0.5 right center vertical Left reverse samplen 2.5 spacing 1.3 title 'Scenario' left
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
set multiplot layout 2, 1 title "Deaths at sea and people per boat\n" . \
    'Means of @REPS@; weekly values drawn at mid-week' font ',15' margins 0.08, 0.71, 0.1, 0.87 spacing 0, 0.1
set ylabel '@YLABEL@'
set yrange [0:*]
plot for [i = 1:n] data index i-1 using 3:8 with lines lt i lw 2 title names[i]
unset label
set key off
set ylabel '@YLABEL2@'
set yrange [0:*]
plot for [i = 1:n] data index i-1 using 2:12 with lines lt i lw 1.2
unset multiplot
