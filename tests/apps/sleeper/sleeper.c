// SPDX-License-Identifier: GPL-2.0
/* sleeper: a server that never exits by itself; it only waits. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("sleeper: waiting forever\n");
	fflush(stdout);
	for (;;)
		pause();
}
