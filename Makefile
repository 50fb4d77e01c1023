# ukl: a unikernel build of Linux. `make help` lists what is here; it is
# generated from the "##" comments below (scripts/make-help.sh).

## APP=hello             app name in apps/, or a path to an app directory
## VARIANT=ukl           ukl (app linked into vmlinux, ring 0), bypass (ukl with the bypass
##                       entry for simple system calls) or stock (same config without UKL)
## ARGS="..."            arguments passed to the app (after -- on the kernel command line)
## FORWARD="H:G ..."    forward host 127.0.0.1:H to guest port G (replaces the app's file forward)
## INIT_APP=dir          hybrid layout: this ring-3 app is /init and starts APP through /ukl
## LINUX=<line>          kernel base: a linux line in pins.txt, e.g. 7.2 (default: its first row)
## GLIBC=<line>          glibc base: a glibc line in pins.txt (default: its first row)
## O=build               build directory: one per base below it (O/linux-<line>/kernel-<variant>...)
## J=<nproc>             parallel jobs
## V=1                   show full build output and the QEMU command line
## TIMEOUT=<secs>        make run stops QEMU after this (default: the app's file timeout, else 120; 0: never)
## CALLS=50000 REPS=5    make bench: calls per operation, wall-clock boots per variant (REPS: make footprint too)
## REQUESTS=100000       make bench-apps: requests per test
## FROM=<rel> TO=<rel>   make rebase: upstream releases, e.g. FROM=6.12.101 TO=6.12.107; the
##                       series moved is LINUX's (GLIBC's), which FROM seeds when it is new
## SERIES=linux          make rebase: the series to move (linux or glibc)
## SOAK=180              make soak: seconds per variant
## VARIANTS="bypass"     make conformance: run only these; the others' counts come from the last run
## UKL_CACHE=~/.cache/ukl  downloads, glibc builds and ccache (content-hashed)
## UKL_FRAGMENTS="base net"  config fragments for the kernel (configs/*.config)
## UKL_ACCEL=auto        auto (KVM if a probe boot works, else TCG), kvm or tcg
## T=<substring>         make test: run only the tests whose names contain it
## UKL_TEST_JOBS=<nproc> make test: boots that run at once (builds are serial)
APP      ?= hello
VARIANT  ?= ukl
ARGS     ?=
FORWARD  ?=
INIT_APP ?=
O        ?= build
J        ?= $(shell nproc)
V        ?= 0
TIMEOUT  ?=
CALLS    ?= 50000
REPS     ?= 5
REQUESTS ?= 100000
SOAK     ?= 180
FROM     ?=
TO       ?=
SERIES   ?= linux

LINUX    ?=
GLIBC    ?=

# The scripts key their build directory by base (scripts/lib.sh: build_key).
export UKL_O     := $(abspath $(O))
export UKL_LINUX := $(LINUX)
export UKL_GLIBC := $(GLIBC)
export UKL_JOBS  := $(J)
export V SOAK
export UKL_INIT_APP := $(INIT_APP)

SCRIPTS := scripts
HOST    := @$(SCRIPTS)/check-host.sh
.DEFAULT_GOAL := help
.PHONY: help run build debug test check debug-test conformance soak bench footprint bench-apps stack-cost host-check prepare \
	patches-export patches-check series-check series-stat rebase rebase-continue rebase-abort rebase-check \
	clean distclean

help: ## this text
	@$(SCRIPTS)/make-help.sh Makefile

run: ## build APP for VARIANT and boot it in QEMU (make's "Error N" is the app's status)
	$(HOST)
	@exec $(SCRIPTS)/run-app.sh "$(APP)" "$(VARIANT)" --args "$(ARGS)" $(if $(TIMEOUT),--timeout "$(TIMEOUT)") \
		$(foreach f,$(FORWARD),--forward $(f))

build: ## build APP for VARIANT without booting (outputs in O/linux-<line>/out/)
	$(HOST)
	@$(SCRIPTS)/build-ukl.sh "$(APP)" "$(VARIANT)" "$(INIT_APP)" >/dev/null

debug: ## boot APP for VARIANT halted, under gdb, stopped at the app's main
	$(HOST)
	@exec $(SCRIPTS)/debug-app.sh "$(APP)" "$(VARIANT)" --args "$(ARGS)"

test: ## run all tests (host-side and QEMU boots); prints KTAP
	$(HOST)
	@tests/run-tests.sh

check: ## the static checks alone: shellcheck, checkpatch --strict, re-export, make help
	$(HOST)
	@tests/run-tests.sh --static

debug-test: ## make debug's gdb session on ukl and bypass (its DWARF kernels are a full compile; not in make test)
	$(HOST)
	@tests/run-tests.sh --debug

conformance: ## APP's own test suite in full on stock, ukl and bypass, side by side (APP=redis)
	$(HOST)
	@tests/conformance.sh "$(APP)"

soak: ## lost-interrupt stress test on stock, ukl and bypass (SOAK seconds each)
	$(HOST)
	@tests/soak.sh

bench: ## benchmark stock, ukl and bypass side by side, with hello's boot, size and memory (perf/results/)
	$(HOST)
	@perf/run-bench.sh --calls "$(CALLS)" --reps "$(REPS)"

footprint: ## hello's boot instructions and time, image sizes and smallest -m on stock, ukl and bypass (part of make bench)
	$(HOST)
	@perf/run-footprint.sh --reps "$(REPS)"

bench-apps: ## load a real server (APP=redis) on stock, ukl and bypass from the host (perf/results/)
	$(HOST)
	@perf/run-bench-apps.sh "$(APP)" --requests "$(REQUESTS)"

stack-cost: ## measure the UKL IDT against pinned app stacks (-icount)
	$(HOST)
	@perf/run-stack-cost.sh

host-check: ## check the host's packages, disk space, QEMU and localhost (as root: install packages)
	$(HOST)

prepare: ## unpack the pinned sources into git trees and apply the series
	$(HOST)
	@$(SCRIPTS)/prepare-tree.sh linux
	@$(SCRIPTS)/prepare-tree.sh glibc

patches-export: ## regenerate patches/<line>/ and glibc-patches/<line>/ from the prepared trees
	@$(SCRIPTS)/export-patches.sh linux
	@$(SCRIPTS)/export-patches.sh glibc

patches-check: ## fail unless re-exporting the trees gives identical patch files
	@$(SCRIPTS)/export-patches.sh linux --check
	@$(SCRIPTS)/export-patches.sh glibc --check

series-check: ## build the kernel at every prefix of the series (slow)
	$(HOST)
	@$(SCRIPTS)/check-series.sh

series-stat: ## the series' footprint: patches, upstream files with hunks and +/- lines, new files
	@$(SCRIPTS)/series-stat.sh

rebase: ## move SERIES from FROM to TO: 3-way replay, stops at a conflict; updates pins.txt, patches/<line>/
	@UKL_NEW_LINE=1 $(SCRIPTS)/check-host.sh
	@$(SCRIPTS)/rebase.sh "$(SERIES)" "$(FROM)" "$(TO)"

rebase-continue: ## go on with make rebase after resolving a conflict (git add)
	@$(SCRIPTS)/rebase.sh "$(SERIES)" --continue

rebase-abort: ## give up a make rebase that stopped at a conflict
	@$(SCRIPTS)/rebase.sh "$(SERIES)" --abort

rebase-check: ## after make rebase: build every prefix of the series, boot the core tests (slow)
	$(HOST)
	@$(SCRIPTS)/check-series.sh
	@tests/run-tests.sh --core

clean: ## remove built apps and boot outputs (keeps kernel builds)
	rm -rf "$(UKL_O)"/*/out "$(UKL_O)"/*/apps

distclean: ## remove the whole build directory
	rm -rf "$(UKL_O)"
