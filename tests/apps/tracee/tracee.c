// SPDX-License-Identifier: GPL-2.0
/*
 * tracee: the app that tests/apps/tracer-init debugs. It stops at its own
 * int3 with the addresses the tracer needs in registers (%rax: a variable
 * to watch, %rbx: a function to break in, %rdx: where the int3 returns),
 * then runs into the tracer's breakpoint and watchpoint.
 */
#include <stdio.h>

#include "ring.h"

volatile int watched;

__attribute__((noinline)) void bp_target(void)
{
	__asm__ volatile("nop; nop; nop; nop");
}

int main(void)
{
	printf("tracee: cpl=%u\n", cpl());
	fflush(stdout);
	__asm__ volatile("leaq 1f(%%rip), %%rdx\n\tint3\n1:"
			 : : "a"(&watched), "b"(bp_target) : "rdx", "memory");
	bp_target();
	watched = 1;
	printf("tracee: done\n");
	return 0;
}
