# Ranked factors of one output, most influential at the top. Sobol studies: the total
# index (pale bar: the factor's effect with all its interactions) and the first-order
# index (dark bar: its effect alone), each with its bootstrap interval. Morris screening:
# mu* with its bootstrap interval. Indices are of the replication mean.
#
# Written by `chansim plot` from the template plots/sensitivity_bars.gp (placeholders:
# plots/README.md). The data are in @DATA@ (rank, factor, then value, low, high of
# series 1 and of series 2; series 2 NaN for Morris). To restyle, edit this file and
# rerun in its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
nbars = @NBARS@
two = @TWOSERIES@     # 1: Sobol (total and first order); 0: Morris mu*

set terminal @TERMINAL@
set output '@OUTPUT@'
set title "@TITLE@\n" . '@SUBTITLE@' font ',14'
set xlabel '@XLABEL@'
set yrange [nbars + 0.5 : 0.5]          # rank 1 at the top
set ytics scale 0 font ',10'
set grid noytics
set xrange [0<* : *]
set style fill solid 1.0 noborder
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
set key bottom right
set lmargin at screen 0.3
if (two) {
    plot data using (0):1:(0):3:($1 - 0.38):($1 + 0.38):ytic(2) with boxxyerror lc rgb '#a6cee3' title '@SERIES1@', \
         ''   using 3:1:4:5 with xerrorbars lc rgb '#1f78b4' pt 0 lw 1.5 notitle, \
         ''   using (0):1:(0):6:($1 - 0.18):($1 + 0.18) with boxxyerror lt 1 title '@SERIES2@', \
         ''   using 6:1:7:8 with xerrorbars lc rgb ink pt 0 lw 1.5 notitle
} else {
    plot data using (0):1:(0):3:($1 - 0.35):($1 + 0.35):ytic(2) with boxxyerror lt 1 title '@SERIES1@', \
         ''   using 3:1:4:5 with xerrorbars lc rgb ink pt 0 lw 1.5 notitle
}
