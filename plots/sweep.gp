# Outcomes over the whole horizon against one swept parameter (@PARAM@): one point per
# design point, the mean across replications with bars from the 5th to the 95th
# percentile. When only this parameter was swept the means are joined by a line. When
# two were swept, points are coloured by the other one (scale on the right), so a
# grid's structure shows; with more, points at one value differ in the others too.
#
# Written by `chansim plot` from the template plots/sweep.gp (placeholders:
# plots/README.md). The data are in @DATA@. To restyle, edit this file and rerun in
# its directory:  gnuplot @STEM@.gp
@STYLE@
data = '@DATA@'
connect = @CONNECT@    # 1: a one-parameter sweep, join the means
colorby = @COLORBY@    # 1: colour points by the other swept parameter (last column)
xtime = @XTIME@        # 1: the parameter is a date
xmax = @XMAX@          # the largest x drawn, points beyond it left out of view (0: no limit)
array ylabels[4] = ['@YLABEL1@', '@YLABEL2@', '@YLABEL3@', '@YLABEL4@']
array scale[4] = [1, 1, 1, 1e6]   # cost in millions
# viridis (sequential, colour-blind safe) for the other parameter
set palette defined (0 '#440154', 1 '#3b528b', 2 '#21908d', 3 '#5dc963', 4 '#fde725')
set style fill solid 1.0   # no bands here: an opaque colour scale

set terminal @TERMINAL@
set output '@OUTPUT@'
if (xtime) { set xdata time; set format x "%b\n%Y" }
set xtics @XTICS@
set autoscale fix
if (xmax > 0) { set xrange [*:xmax] }
set offsets graph 0.04, graph 0.04, graph 0.06, graph 0.06   # keep points at the ends off the axes
set label 3 '@SOURCE@' at screen 0.995, 0.02 right font ',9' textcolor rgb grey
right = colorby ? 0.88 : 0.98
if (colorby) {
    set colorbox user origin screen 0.925, 0.25 size screen 0.015, 0.5
    set cblabel '@COLORLABEL@'
}
set multiplot layout 2, 2 title "Outcomes against @PARAM@ (@NPOINTS@ design points)\n" . \
    'Mean across replications (point) and 90% of replications (bar), whole horizon' font ',15' \
    margins 0.08, right, 0.09, 0.87 spacing 0.08, 0.12
set xlabel '@XLABEL@'
do for [k = 1:4] {
    set ylabel ylabels[k]
    m = 3 * k    # column of the mean; q05 and q95 follow
    if (connect) {
        plot data using 1:(column(m)/scale[k]) with lines lt 1 lw 1.5 notitle, \
             ''   using 1:(column(m)/scale[k]):(column(m+1)/scale[k]):(column(m+2)/scale[k]) \
                  with yerrorbars lt 1 pt 7 ps 1 notitle
    } else {
        if (colorby) {
            plot data using 1:(column(m)/scale[k]):(column(m+1)/scale[k]):(column(m+2)/scale[k]):15 \
                 with yerrorbars lc palette pt 7 ps 0.8 lw 1 notitle
        } else {
            plot data using 1:(column(m)/scale[k]):(column(m+1)/scale[k]):(column(m+2)/scale[k]) \
                 with yerrorbars lt 1 pt 7 ps 0.8 notitle
        }
    }
    unset label
}
unset multiplot
