# Where a test's guest instructions go, per variant (make bench-apps, the
# counting boot with the plugin's per-function counts). Input: for one
# test, prof-stock.txt, prof-ukl.txt and prof-bypass.txt, each with lines
#   <instructions> <calls> <function>
# for the test alone (its closing snapshot less its opening one).
# Variables: test, requests, top (how many functions to list), measured
# (the test's instructions per request on stock, ukl and bypass, net of
# the background, from the count).
function variant(f) { sub(/.*\//, "", f); sub(/\.txt$/, "", f); sub(/^prof-/, "", f); return f }
{
	v = variant(FILENAME)
	ins[$3, v] = $1 / requests; calls[$3, v] = $2 / requests
	total[v] += $1 / requests
	if ($1 / requests > most[$3]) most[$3] = $1 / requests
	# System calls made at least once per 100 requests.
	if ($3 ~ /^(__x64_sys_|ukl_bypass_)/ && $2 / requests >= 0.01) sys[$3] = 1
}
END {
	split("stock ukl bypass", vs, " ")
	printf "### %s: the functions with the most instructions per request\n\n", test
	print "| function | stock | ukl | bypass |"
	print "|---|--:|--:|--:|"
	n = 0
	for (f in most) order[++n] = f
	# Insertion sort by the largest count on any variant, descending.
	for (i = 2; i <= n; i++) {
		f = order[i]
		for (j = i - 1; j >= 1 && most[order[j]] < most[f]; j--) order[j + 1] = order[j]
		order[j + 1] = f
	}
	for (i = 1; i <= n && i <= top; i++) {
		f = order[i]
		printf "| %s | %.0f | %.0f | %.0f |\n", f, ins[f, "stock"], ins[f, "ukl"], ins[f, "bypass"]
	}
	printf "| (all functions) | %.0f | %.0f | %.0f |\n", total["stock"], total["ukl"], total["bypass"]
	split(measured, m, " ")
	printf "| (all code, net of the background) | %s | %s | %s |\n", m[1], m[2], m[3]
	printf "\n### %s: system calls per request, made at least once per 100 requests (calls of each body or bypass entry, and its instructions per request)\n\n", test
	print "| function | stock | ukl | bypass |"
	print "|---|--:|--:|--:|"
	for (f in sys) {
		line = sprintf("| %s |", f)
		for (j = 1; j <= 3; j++) line = line sprintf(" %.2f (%.0f) |", calls[f, vs[j]], ins[f, vs[j]])
		print line | "sort"
	}
	close("sort")
}
