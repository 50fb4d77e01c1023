// SPDX-License-Identifier: GPL-2.0
/*
 * fairness: threads spinning without system calls on every CPU must not
 * starve a sleeping thread, another process or kernel work. A sleeper wakes
 * every 10 ms; each wake-up must come within a bound of its period while
 * the spinners run. Prints KTAP.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "ktap.h"

#define PERIOD_NS	10000000LL	/* 10 ms */
#define WAKEUPS		50
#define BOUND_NS	200000000LL	/* a late wake-up, not starvation */

static atomic_int stop;
static atomic_ulong spins;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *spinner(void *arg)
{
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		atomic_fetch_add_explicit(&spins, 1, memory_order_relaxed);
	return arg;
}

static long long worst_late;

static void *sleeper(void *arg)
{
	struct timespec period = { 0, PERIOD_NS };

	for (int i = 0; i < WAKEUPS; i++) {
		long long t0 = now_ns(), late;

		nanosleep(&period, NULL);
		late = now_ns() - t0 - PERIOD_NS;
		if (late > worst_late)
			worst_late = late;
	}
	return arg;
}

static void test_sleeper_wakes(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t spin[8], sleep_thread;

	for (long i = 0; i < ncpu && i < 8; i++)
		pthread_create(&spin[i], NULL, spinner, NULL);
	pthread_create(&sleep_thread, NULL, sleeper, NULL);
	pthread_join(sleep_thread, NULL);
	atomic_store(&stop, 1);
	for (long i = 0; i < ncpu && i < 8; i++)
		pthread_join(spin[i], NULL);
	printf("# %ld spinners, worst wake-up %lld us late\n", ncpu, worst_late / 1000);
	CHECK(worst_late >= 0 && worst_late < BOUND_NS, "worst wake-up %lld ns late", worst_late);
	CHECK(atomic_load(&spins) > 0, "spinners did not run");
}

static void test_other_process_runs(void)
{
	pthread_t spin[8];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	long long t0 = now_ns();
	int status = -1;
	pid_t child;

	atomic_store(&stop, 0);
	for (long i = 0; i < ncpu && i < 8; i++)
		pthread_create(&spin[i], NULL, spinner, NULL);
	child = fork();
	if (child == 0) {
		/* Busy work of its own, competing with the spinners. */
		volatile uint64_t x = 0;

		for (uint64_t i = 0; i < 2000000; i++)
			x += i;
		_exit(x == 2000000ULL * 1999999 / 2 ? 9 : 1);
	}
	CHECK(waitpid(child, &status, 0) == child, "waitpid");
	atomic_store(&stop, 1);
	for (long i = 0; i < ncpu && i < 8; i++)
		pthread_join(spin[i], NULL);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9, "child status %#x", status);
	printf("# child finished in %lld ms beside the spinners\n", (now_ns() - t0) / 1000000);
}

int main(void)
{
	ktap_plan(2);
	ktap_run("a sleeper wakes on time beside spinners on every CPU", test_sleeper_wakes);
	ktap_run("another process runs beside spinners on every CPU", test_other_process_runs);
	return ktap_done();
}
