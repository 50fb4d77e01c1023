#!/usr/bin/env bash
# Print `make help` from the Makefile's "##" comments: "target: ## text"
# lines become the targets, and "## NAME=value  text" lines the variables.
#
#   make-help.sh <Makefile>
. "$(dirname "$0")/lib.sh"

[ -f "${1:-}" ] || die "usage: make-help.sh <Makefile>"
echo "Targets:"
sed -nE 's/^([a-z-]+):.*## (.*)$/\1 \2/p' "$1" | while read -r target text; do
	printf '  %-20s %s\n' "make $target" "$text"
done
echo
echo "Variables:"
sed -n 's/^## /  /p' "$1"
