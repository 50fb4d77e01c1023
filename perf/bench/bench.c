// SPDX-License-Identifier: GPL-2.0
/*
 * bench: cost per call of system calls through glibc, timed with
 * CLOCK_MONOTONIC. Under QEMU -icount shift=0,sleep=off the clock advances
 * one nanosecond per guest instruction, so "ns" are instructions.
 *
 *   bench [iterations]
 *
 * Prints one line per operation: "bench: <op> <calls> <ns per call>".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>

static long calls;
static int zero_fd, null_fd;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void op_getppid(void)
{
	for (long i = 0; i < calls; i++)
		getppid();
}

static void op_clock_gettime(void)
{
	struct timespec ts;

	for (long i = 0; i < calls; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
}

static void op_read_zero(void)
{
	char c;

	for (long i = 0; i < calls; i++)
		if (read(zero_fd, &c, 1) != 1)
			exit(2);
}

static void op_write_null(void)
{
	char c = 0;

	for (long i = 0; i < calls; i++)
		if (write(null_fd, &c, 1) != 1)
			exit(2);
}

static const struct {
	const char *name;
	void (*run)(void);
} ops[] = {
	{ "getppid", op_getppid },
	{ "clock_gettime", op_clock_gettime },
	{ "read-1B-dev-zero", op_read_zero },
	{ "write-1B-dev-null", op_write_null },
};

int main(int argc, char **argv)
{
	calls = argc > 1 ? atol(argv[1]) : 10000;
	/* As PID 1 without an initramfs, /dev has only the console. */
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	zero_fd = open("/dev/zero", O_RDONLY);
	null_fd = open("/dev/null", O_WRONLY);
	if (zero_fd < 0 || null_fd < 0) {
		perror("bench: /dev/zero or /dev/null");
		return 1;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		unsigned long long t0, t1;

		ops[i].run();		/* warm up: page faults, caches */
		t0 = now_ns();
		ops[i].run();
		t1 = now_ns();
		printf("bench: %s %ld %.1f\n", ops[i].name, calls, (double)(t1 - t0) / calls);
	}
	return 0;
}
