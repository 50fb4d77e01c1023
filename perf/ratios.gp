# Ratios to stock per operation (perf/run-bench.sh): gnuplot -e "data='...'; out='...'"
set terminal pngcairo size 1400,600 noenhanced font ",10"
set output out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -40 scale 0
set ylabel "cost relative to stock (lower is faster)"
set yrange [0:*]
set grid ytics
set key top left
set title "ukl: cost per operation relative to the stock kernel"
plot data using 2:xtic(1) title "ukl, instructions", \
     '' using 3 title "bypass, instructions", \
     '' using 4 title "ukl, wall-clock", \
     '' using 5 title "bypass, wall-clock", \
     1 with lines lc rgb "black" notitle
