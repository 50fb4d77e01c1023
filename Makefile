# ukl: a unikernel build of Linux. `make help` lists what is here.

APP     ?= hello
VARIANT ?= ukl
ARGS    ?=
INIT_APP ?=
O       ?= build
J       ?= $(shell nproc)
V       ?= 0
TIMEOUT ?= 120
CALLS   ?= 50000
REPS    ?= 5

export UKL_BUILD := $(abspath $(O))
export UKL_JOBS  := $(J)
export V
export UKL_INIT_APP := $(INIT_APP)

SCRIPTS := scripts
.DEFAULT_GOAL := help
.PHONY: help run build test soak bench stack-cost check prepare patches-export patches-check series-check clean distclean

help:
	@sed -n '/^<!-- make-help-start -->/,/^<!-- make-help-end -->/p' README.md | sed '1d;$$d'

run:
	@$(SCRIPTS)/run-app.sh "$(APP)" "$(VARIANT)" --args "$(ARGS)" --timeout "$(TIMEOUT)"

build:
	@$(SCRIPTS)/build-ukl.sh "$(APP)" "$(VARIANT)" "$(INIT_APP)" >/dev/null

test:
	@tests/run-tests.sh

soak:
	@tests/soak.sh

bench:
	@perf/run-bench.sh --calls "$(CALLS)" --reps "$(REPS)"

stack-cost:
	@perf/run-stack-cost.sh

check:
	@tests/static-checks.sh

prepare:
	@$(SCRIPTS)/prepare-tree.sh linux
	@$(SCRIPTS)/prepare-tree.sh glibc

patches-export:
	@$(SCRIPTS)/export-patches.sh linux
	@$(SCRIPTS)/export-patches.sh glibc

patches-check:
	@$(SCRIPTS)/export-patches.sh linux --check
	@$(SCRIPTS)/export-patches.sh glibc --check

series-check:
	@$(SCRIPTS)/check-series.sh

clean:
	rm -rf "$(UKL_BUILD)/out" "$(UKL_BUILD)/apps"

distclean:
	rm -rf "$(UKL_BUILD)"
