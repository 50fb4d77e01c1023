// SPDX-License-Identifier: GPL-2.0
/*
 * crash: dies the way its argument says, to test crash reports:
 *   null     write through a NULL pointer
 *   stack    recurse until the stack overflows
 *   thread-stack  the same in a thread, whose stack ends in a guard page
 *   illegal  execute an invalid instruction
 *   abort    call abort()
 *   bad-rsp  point the stack pointer into the kernel half and trap: the
 *            SIGILL cannot be delivered on that stack, so SIGSEGV kills it
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int *null_pointer;

__attribute__((noinline)) static void write_through_null(void)
{
	*null_pointer = 42;
}

__attribute__((noinline)) static unsigned long recurse_forever(unsigned long depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	return recurse_forever(depth + 1) + frame[0];
}

static void *thread_recursing_forever(void *arg)
{
	printf("%lu\n", recurse_forever(0));
	return arg;
}

__attribute__((noinline)) static void execute_invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";

	printf("crash: about to crash: %s\n", how);
	fflush(stdout);
	if (!strcmp(how, "null"))
		write_through_null();
	else if (!strcmp(how, "stack"))
		printf("%lu\n", recurse_forever(0));
	else if (!strcmp(how, "thread-stack")) {
		pthread_t t;

		pthread_create(&t, NULL, thread_recursing_forever, NULL);
		pthread_join(t, NULL);
	} else if (!strcmp(how, "illegal"))
		execute_invalid_opcode();
	else if (!strcmp(how, "abort"))
		abort();
	else if (!strcmp(how, "bad-rsp"))
		__asm__ volatile("movabs $0xffffffffa0000000, %rsp; ud2");
	printf("crash: did not crash\n");
	return 0;
}
