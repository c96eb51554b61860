# Extra public cost against crossings prevented, one point per scenario, relative to
# the baseline over the whole horizon: means of the paired differences with their 95%
# confidence intervals (bars in both directions). The dotted lines through the origin
# mark constant cost per crossing prevented. The legend gives each scenario's cost per
# crossing prevented (n/a when the interval of crossings prevented includes zero).
#
# Written by `chansim plot` from the template plots/cost_prevented.gp (placeholders:
# plots/README.md). The data are in @DATA@. To restyle, edit this file and rerun in
# its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
array keys[@NCOMP@] = [@KEYS@]
array lts[@NCOMP@] = [@LTS@]
n = |keys|

set terminal @TERMINAL@
set output '@OUTPUT@'
set title "Extra public cost against crossings prevented, relative to '@BASELINE@'\n" . \
          'Whole horizon; means of paired differences with 95% confidence intervals' font ',15'
set xlabel '@XLABEL@'
set ylabel '@YLABEL@'
set format x '%.0f'
set format y '%g'
set xrange [*<0 : 0<*]      # always show the origin: no change, no cost
set yrange [*<0 : 0<*]
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
set xzeroaxis lc rgb grey lw 1.5 dt 2
set yzeroaxis lc rgb grey lw 1.5 dt 2
set key outside right center vertical Left reverse samplen 1 spacing 1.4 width -6 font ',10'
set rmargin at screen 0.66
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
plot for [i = 1:n] data every ::i-1::i-1 using 3:($6/1e6):4:5:($7/1e6):($8/1e6) \
         with xyerrorbars lt lts[i] lw 1.5 title keys[i]
