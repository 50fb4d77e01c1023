// SPDX-License-Identifier: GPL-2.0
/*
 * hybrid-app: started by hybrid-init through /ukl. Says "ready" on fd 4,
 * waits for ring 3 to write "go" on fd 3, then exits with status 4.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ring.h"

int main(int argc, char **argv)
{
	char buf[8] = { 0 };

	printf("hybrid-app: pid=%d ppid=%d cpl=%u argc=%d\n", (int)getpid(),
	       (int)getppid(), cpl(), argc);
	fflush(stdout);
	if (write(4, "ready", 5) != 5)
		return 1;
	if (read(3, buf, sizeof(buf) - 1) != 2 || strcmp(buf, "go"))
		return 1;
	printf("hybrid-app: ring 3 said '%s'\n", buf);
	return 4;
}
