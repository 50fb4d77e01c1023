// SPDX-License-Identifier: GPL-2.0
/*
 * hello: prints a greeting, its pid, uname, its privilege level, the glibc
 * it was linked with and its arguments, then exits with the status given by --exit=N (default 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gnu/libc-version.h>
#include <sys/utsname.h>

#include "ring.h"

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
	}
	printf("hello: exiting with status %d\n", status);
	return status;
}
