// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin that counts the instructions the guest's vCPUs execute
 * and keeps the running total in a file, rewritten every 10 ms as one line
 * "<total>". A halted vCPU (the guest's idle loop) executes nothing, so idle
 * time does not count. perf/run-bench-apps.sh reads the file before and
 * after each load to get instructions per request.
 *
 *   qemu-system-x86_64 -plugin insn-count.so,out=FILE ...
 *
 * Built against the plugin API header of the QEMU source release that the
 * host runs (pins.txt); a translation block adds its instruction count
 * when it starts, so an exception in the middle of a block counts its
 * remaining instructions too.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64

/* One counter per vCPU, each on its own cache line: vCPUs run in parallel. */
static struct {
	volatile uint64_t n;
	char pad[56];
} counts[MAX_VCPUS];
static char *out_path, *tmp_path;
static int nr_vcpus;

static void tb_exec(unsigned int vcpu, void *insns)
{
	counts[vcpu].n += (uintptr_t)insns;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)qemu_plugin_tb_n_insns(tb));
}

/* Write the total to a temporary file and rename it: readers see whole lines. */
static void write_total(void)
{
	uint64_t total = 0;
	FILE *f;
	int i;

	for (i = 0; i < nr_vcpus; i++)
		total += counts[i].n;
	f = fopen(tmp_path, "w");
	if (!f)
		return;
	fprintf(f, "%llu\n", (unsigned long long)total);
	if (fclose(f) == 0)
		rename(tmp_path, out_path);
}

static void *writer(void *arg)
{
	const struct timespec period = { 0, 10000000 };

	for (;;) {
		write_total();
		nanosleep(&period, NULL);
	}
	return arg;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	write_total();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	pthread_t thread;
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
	if (!out_path || !*out_path) {
		fprintf(stderr, "insn-count: give the output file: -plugin insn-count.so,out=FILE\n");
		return -1;
	}
	if (info->system_emulation)
		nr_vcpus = info->system.max_vcpus;
	if (nr_vcpus < 1 || nr_vcpus > MAX_VCPUS) {
		fprintf(stderr, "insn-count: %d vCPUs; 1 to %d are supported\n", nr_vcpus, MAX_VCPUS);
		return -1;
	}
	tmp_path = malloc(strlen(out_path) + 5);
	if (!tmp_path)
		return -1;
	sprintf(tmp_path, "%s.tmp", out_path);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	if (pthread_create(&thread, NULL, writer, NULL)) {
		fprintf(stderr, "insn-count: cannot start the writer thread\n");
		return -1;
	}
	pthread_detach(thread);
	return 0;
}
