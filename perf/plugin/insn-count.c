// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin that counts the instructions the guest's vCPUs execute
 * and keeps the running total in a file, rewritten every 10 ms as one line
 * "<total>". A halted vCPU (the guest's idle loop) executes nothing, so idle
 * time does not count. perf/run-bench-apps.sh reads the file before and
 * after each load to get instructions per request.
 *
 *   qemu-system-x86_64 -plugin insn-count.so,out=FILE[,syms=SYMS,text=ADDR] ...
 *
 * With syms=SYMS (lines "<hex address> <hex size> <name>", sorted by
 * address, as nm --numeric-sort --print-size gives them), it also counts
 * per function: the instructions of the blocks that start in it, and the
 * blocks that start at its first instruction (its calls, give or take a
 * loop back to the top). Writing a label into FILE.snap asks for a
 * snapshot: within 10 ms the counts so far go to FILE.prof.<label>, as
 * lines "<instructions> <calls> <name>" for the functions that ran, and
 * FILE.snap is removed. Two snapshots bracket a test.
 *
 * text=ADDR is the link address of the kernel's _text. With KASLR the
 * kernel runs elsewhere, by an offset in whole 2 MiB units
 * (CONFIG_PHYSICAL_ALIGN), and "nokaslr" cannot be used, as the kernel
 * passes that word on to the app as an argument. The first block that runs
 * in the kernel's half of the address space is early in head_64.S, within
 * 2 MiB of _text: rounded down, it gives the offset, which the plugin
 * reports on stderr and takes off every kernel address it looks up.
 *
 * With mark=ADDR[:ADDR...] (hex virtual addresses of instructions that
 * start a block: a function's entry, a jump target), the total when each
 * first runs goes to FILE.marks at exit, one line "<address> <total>" per
 * mark that ran. perf/run-footprint.sh marks the kernel's 32-bit entry and
 * the app's main() and exit() to time the boot in instructions.
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
#include <unistd.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64

/* One counter per vCPU, each on its own cache line: vCPUs run in parallel. */
static struct {
	volatile uint64_t n;
	char pad[56];
} counts[MAX_VCPUS];
static char *out_path, *tmp_path, *snap_path;
static int nr_vcpus;

/* The functions (syms=), and per vCPU, each one's instructions and calls. */
struct sym {
	uint64_t start, end;
	char *name;
};
static struct sym *syms;
static size_t nr_syms;
static uint64_t text_link, kernel_offset;
#define MAX_MARKS 8
static struct {
	uint64_t addr, total;
	int hit;
} marks[MAX_MARKS];
static int nr_marks;
static char *marks_path;
static int offset_known;
#define KERNEL_HALF	0xffffffff80000000ull
#define PHYSICAL_ALIGN	0x200000ull
static struct sym_count {
	uint64_t insns, calls;
} *sym_counts[MAX_VCPUS];

/* What a block adds when it runs: its length, to its function. */
struct tb_info {
	uint32_t insns;
	int32_t sym;		/* -1: in no known function */
	uint32_t call;		/* it starts at the function's first instruction */
};

static void tb_exec(unsigned int vcpu, void *insns)
{
	counts[vcpu].n += (uintptr_t)insns;
}

static void tb_exec_sym(unsigned int vcpu, void *data)
{
	const struct tb_info *tb = data;

	counts[vcpu].n += tb->insns;
	if (tb->sym >= 0) {
		sym_counts[vcpu][tb->sym].insns += tb->insns;
		sym_counts[vcpu][tb->sym].calls += tb->call;
	}
}

static uint64_t total_now(void)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < nr_vcpus; i++)
		total += counts[i].n;
	return total;
}

/* A mark's block runs: keep the total of its first run. */
static void mark_exec(unsigned int vcpu, void *data)
{
	int m = (int)(uintptr_t)data;

	if (!__atomic_exchange_n(&marks[m].hit, 1, __ATOMIC_RELAXED))
		marks[m].total = total_now();
}

static void register_marks(struct qemu_plugin_tb *tb)
{
	uint64_t pc = qemu_plugin_tb_vaddr(tb);
	int m;

	for (m = 0; m < nr_marks; m++)
		if (marks[m].addr == pc)
			qemu_plugin_register_vcpu_tb_exec_cb(tb, mark_exec, QEMU_PLUGIN_CB_NO_REGS,
							     (void *)(uintptr_t)m);
}

static long find_sym(uint64_t addr)
{
	size_t lo = 0, hi = nr_syms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < syms[mid].start)
			hi = mid;
		else if (addr >= syms[mid].end)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct tb_info *info;
	uint64_t pc;

	register_marks(tb);
	if (!nr_syms) {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
						     (void *)(uintptr_t)qemu_plugin_tb_n_insns(tb));
		return;
	}
	/* Never freed: a block may be translated again, and each gets its own. */
	info = malloc(sizeof(*info));
	if (!info)
		abort();
	pc = qemu_plugin_tb_vaddr(tb);
	if (pc >= KERNEL_HALF && text_link) {
		if (!offset_known) {
			kernel_offset = (pc & ~(PHYSICAL_ALIGN - 1)) - text_link;
			offset_known = 1;
			fprintf(stderr, "insn-count: kernel offset 0x%llx (first kernel block at 0x%llx)\n",
				(unsigned long long)kernel_offset, (unsigned long long)pc);
		}
		pc -= kernel_offset;
	}
	info->insns = qemu_plugin_tb_n_insns(tb);
	info->sym = find_sym(pc);
	info->call = info->sym >= 0 && syms[info->sym].start == pc;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec_sym, QEMU_PLUGIN_CB_NO_REGS, info);
}

/* Write the total to a temporary file and rename it: readers see whole lines. */
static void write_total(void)
{
	FILE *f;

	f = fopen(tmp_path, "w");
	if (!f)
		return;
	fprintf(f, "%llu\n", (unsigned long long)total_now());
	if (fclose(f) == 0)
		rename(tmp_path, out_path);
}

/* A snapshot, if one was asked for: FILE.prof.<label>, written whole. */
static void write_snapshot(void)
{
	char label[64] = "", *path, *tmp;
	size_t len, s;
	FILE *f;
	int i;

	f = fopen(snap_path, "r");
	if (!f)
		return;
	if (!fgets(label, sizeof(label), f))
		label[0] = 0;
	fclose(f);
	label[strcspn(label, "\n/")] = 0;
	len = strlen(out_path) + strlen(label) + 16;
	path = malloc(len);
	tmp = malloc(len);
	if (path && tmp) {
		snprintf(path, len, "%s.prof.%s", out_path, label);
		snprintf(tmp, len, "%s.tmp", path);
		f = fopen(tmp, "w");
	} else {
		f = NULL;
	}
	if (f) {
		for (s = 0; s < nr_syms; s++) {
			uint64_t insns = 0, calls = 0;

			for (i = 0; i < nr_vcpus; i++) {
				insns += sym_counts[i][s].insns;
				calls += sym_counts[i][s].calls;
			}
			if (insns)
				fprintf(f, "%llu %llu %s\n", (unsigned long long)insns,
					(unsigned long long)calls, syms[s].name);
		}
		if (fclose(f) == 0)
			rename(tmp, path);
	}
	free(path);
	free(tmp);
	unlink(snap_path);
}

static void *writer(void *arg)
{
	const struct timespec period = { 0, 10000000 };

	for (;;) {
		write_total();
		if (nr_syms)
			write_snapshot();
		nanosleep(&period, NULL);
	}
	return arg;
}

static void write_marks(void)
{
	FILE *f;
	int m;

	if (!nr_marks)
		return;
	f = fopen(marks_path, "w");
	if (!f)
		return;
	for (m = 0; m < nr_marks; m++)
		if (marks[m].hit)
			fprintf(f, "0x%llx %llu\n", (unsigned long long)marks[m].addr,
				(unsigned long long)marks[m].total);
	fclose(f);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	write_total();
	write_marks();
}

/* mark=ADDR[:ADDR...] */
static int parse_marks(const char *list)
{
	char *end;

	while (*list) {
		if (nr_marks == MAX_MARKS)
			return -1;
		marks[nr_marks++].addr = strtoull(list, &end, 16);
		if (end == list || (*end && *end != ':'))
			return -1;
		list = *end ? end + 1 : end;
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The syms= file; overlapping entries (aliases) keep the first. */
static int load_syms(const char *path)
{
	unsigned long long start, size;
	char name[256];
	size_t cap = 0, n = 0, s;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (fscanf(f, "%llx %llx %255s", &start, &size, name) == 3) {
		if (!size)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			syms = realloc(syms, cap * sizeof(*syms));
			if (!syms)
				return -1;
		}
		syms[n].start = start;
		syms[n].end = start + size;
		syms[n].name = strdup(name);
		n++;
	}
	fclose(f);
	qsort(syms, n, sizeof(*syms), cmp_sym);
	for (s = 0; s < n; s++)
		if (nr_syms && syms[s].start < syms[nr_syms - 1].end)
			free(syms[s].name);
		else
			syms[nr_syms++] = syms[s];
	return nr_syms ? 0 : -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *syms_path = NULL;
	pthread_t thread;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
		else if (!strncmp(argv[i], "syms=", 5))
			syms_path = argv[i] + 5;
		else if (!strncmp(argv[i], "text=", 5))
			text_link = strtoull(argv[i] + 5, NULL, 16);
		else if (!strncmp(argv[i], "mark=", 5) && parse_marks(argv[i] + 5)) {
			fprintf(stderr, "insn-count: mark= takes up to %d hex addresses joined by ':'\n",
				MAX_MARKS);
			return -1;
		}
	}
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
	if (syms_path) {
		if (load_syms(syms_path)) {
			fprintf(stderr, "insn-count: no usable symbols in %s\n", syms_path);
			return -1;
		}
		for (i = 0; i < nr_vcpus; i++) {
			sym_counts[i] = calloc(nr_syms, sizeof(*sym_counts[i]));
			if (!sym_counts[i])
				return -1;
		}
	}
	tmp_path = malloc(strlen(out_path) + 5);
	snap_path = malloc(strlen(out_path) + 6);
	marks_path = malloc(strlen(out_path) + 7);
	if (!tmp_path || !snap_path || !marks_path)
		return -1;
	sprintf(tmp_path, "%s.tmp", out_path);
	sprintf(snap_path, "%s.snap", out_path);
	sprintf(marks_path, "%s.marks", out_path);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	if (pthread_create(&thread, NULL, writer, NULL)) {
		fprintf(stderr, "insn-count: cannot start the writer thread\n");
		return -1;
	}
	pthread_detach(thread);
	return 0;
}
