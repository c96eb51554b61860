# chansim plot style, shared by every plot. `chansim plot` pastes this file into
# every script it writes (the STYLE placeholder), so each runs on its own; edit it here to
# restyle every future plot, or edit the pasted copy in one script to restyle that plot.
#
# Colours: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), told
# apart by readers with the common colour-vision deficiencies. Line type i is scenario
# i of the results file, so a scenario has one colour (and point shape) in every plot.
set encoding utf8
set linetype 1 lc rgb '#0072B2' lw 2 dt 1 pt 7  ps 1.4   # blue
set linetype 2 lc rgb '#D55E00' lw 2 dt 1 pt 5  ps 1.3   # vermillion
set linetype 3 lc rgb '#009E73' lw 2 dt 1 pt 9  ps 1.7   # bluish green
set linetype 4 lc rgb '#E69F00' lw 2 dt 1 pt 13 ps 1.6   # orange
set linetype 5 lc rgb '#CC79A7' lw 2 dt 1 pt 11 ps 1.7   # reddish purple
set linetype 6 lc rgb '#56B4E9' lw 2 dt 1 pt 15 ps 1.5   # sky blue
set linetype 7 lc rgb '#000000' lw 2 dt 1 pt 3  ps 1.4   # black
set linetype 8 lc rgb '#F0E442' lw 2 dt 1 pt 6  ps 1.4   # yellow
set linetype cycle 8
grey = '#9a9a9a'          # reference lines (the baseline, zero)
ink  = '#333333'          # text and axes

set border 3 lw 1 lc rgb ink
set tics nomirror out scale 0.5 textcolor rgb ink
set grid back xtics ytics lw 1 lc rgb '#e6e6e6' dt 1
set title textcolor rgb ink
set key textcolor rgb ink noautotitle
set datafile missing 'NaN'
set style fill transparent solid 0.22 noborder
set timefmt '%Y-%m-%d'
