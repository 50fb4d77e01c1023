// SPDX-License-Identifier: GPL-2.0
/*
 * hello: prints a greeting, its pid, uname, its privilege level, the glibc
 * it was linked with and its arguments, then exits with the status given by --exit=N (default 0).
 * --meminfo also prints the guest's memory use from /proc/meminfo (for
 * perf/run-footprint.sh), mounting /proc first if it is not there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gnu/libc-version.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "ring.h"

/* The kB value of the /proc/meminfo line that starts with @key, or -1. */
static long meminfo(const char *key)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (kb < 0 && fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0)
			kb = atol(line + strlen(key));
	fclose(f);
	return kb;
}

static int print_meminfo(void)
{
	long total, avail, free_kb;

	if (access("/proc/meminfo", R_OK) != 0) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	total = meminfo("MemTotal:");
	free_kb = meminfo("MemFree:");
	avail = meminfo("MemAvailable:");
	if (total < 0 || free_kb < 0 || avail < 0) {
		printf("hello: cannot read /proc/meminfo\n");
		return 1;
	}
	printf("hello: meminfo total_kb=%ld used_kb=%ld unavailable_kb=%ld\n",
	       total, total - free_kb, total - avail);
	return 0;
}

int main(int argc, char **argv)
{
	struct utsname u;
	int status = 0;

	printf("hello: greetings from a static C program\n");
	printf("hello: pid=%d\n", (int)getpid());
	if (uname(&u) == 0)
		printf("hello: uname=%s %s %s\n", u.sysname, u.release, u.machine);
	printf("hello: cpl=%u\n", cpl());
	printf("hello: glibc=%s\n", gnu_get_libc_version());
	printf("hello: argc=%d\n", argc);
	for (int i = 1; i < argc; i++) {
		printf("hello: argv[%d]=%s\n", i, argv[i]);
		if (strncmp(argv[i], "--exit=", 7) == 0)
			status = atoi(argv[i] + 7);
		if (strcmp(argv[i], "--meminfo") == 0 && print_meminfo())
			status = 1;
	}
	printf("hello: exiting with status %d\n", status);
	return status;
}
