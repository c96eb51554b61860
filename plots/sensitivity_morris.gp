# Morris screening of one output: each factor's mu* (mean absolute elementary effect,
# in the output's unit per change of the factor over its whole range) against sigma
# (the spread of its effects: interactions or non-linearity), with the bootstrap
# interval of mu* as a horizontal bar. Factors near the origin do not matter; far right
# they matter; high up their effect depends on the other factors. The most influential
# factors are labelled. Effects are of the replication mean.
#
# Written by `chansim plot` from the template plots/sensitivity_morris.gp (placeholders:
# plots/README.md). The data are in @DATA@ (rank, factor, mu*, sigma, mu* interval).
# To restyle, edit this file and rerun in its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
nlabel = @NLABEL@     # factors labelled, by rank of mu*

set terminal @TERMINAL@
set output '@OUTPUT@'
set title "Morris screening: @OUTPUTNAME@\n" . \
    '@SUBTITLE@' font ',14'
set xlabel '@XLABEL@'
set ylabel '@YLABEL@'
set xrange [0:*]
set yrange [0:*]
set offsets 0, graph 0.12, graph 0.05, 0
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
plot data using 3:4:5:6 with xerrorbars lt 1 pt 7 ps 1 lw 1.2 notitle, \
     ''   using 3:($1 <= nlabel ? $4 : NaN):2 with labels left offset 0.8, 0.4 font ',10' textcolor rgb ink notitle
