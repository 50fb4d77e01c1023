# make bench-apps (perf/run-bench-apps.sh): ratios to stock per test.
# gnuplot -e "data='...'; out='...'; name='redis'"
set terminal pngcairo size 1000,500 noenhanced font ",10"
set output out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "relative to the stock kernel"
set yrange [0:*]
set grid ytics
set key outside right
set title name.": requests/s (higher is better) and instructions per request (lower is better), relative to stock"
plot data using 2:xtic(1) title "ukl, requests/s", \
     '' using 3 title "bypass, requests/s", \
     '' using 4 title "ukl, instructions/request", \
     '' using 5 title "bypass, instructions/request", \
     1 with lines lc rgb "black" notitle
