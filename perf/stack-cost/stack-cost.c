// SPDX-License-Identifier: GPL-2.0
/*
 * stack-cost: what the two ways of keeping events off the app's stack cost,
 * measured in the guest with CLOCK_MONOTONIC; under QEMU -icount that is
 * instructions (1 ns per instruction).
 *
 *   page-fault      one first-touch fault of an anonymous page: an event
 *                   from the app, which the UKL IDT moves off its IST stack
 *   fork            fork() + _exit() + waitpid() of a small process
 *   fork-8m-copied  the same, with the child writing every page of an 8 MiB
 *                   stack-sized region first: what pinned, eagerly copied
 *                   stacks would add to every fork() of a thread
 *   thread-8m       populating one glibc-sized (8 MiB) thread stack: what
 *                   pinned stacks would add to every pthread_create()
 *
 * Prints "stack-cost: <name> <ns per operation>" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE	4096UL
#define STACK	(8UL << 20)

static unsigned long now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000UL + t.tv_nsec;
}

static void report(const char *name, unsigned long ns, unsigned long n)
{
	printf("stack-cost: %s %.1f\n", name, (double)ns / n);
}

static void touch(char *p, size_t len)
{
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = 1;
}

static unsigned long forks(int n, char *copy)
{
	unsigned long t0 = now();

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (copy)
				touch(copy, STACK);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	size_t pages = 4096;
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long t0, t;

	if (p == MAP_FAILED || stack == MAP_FAILED)
		return 1;
	t0 = now();
	touch(p, pages * PAGE);
	report("page-fault", now() - t0, pages);

	t0 = now();
	touch(stack, STACK);
	report("thread-8m", now() - t0, 1);

	t = forks(n, NULL);
	report("fork", t, n);
	t = forks(n, stack);
	report("fork-8m-copied", t, n);
	return 0;
}
