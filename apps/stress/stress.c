// SPDX-License-Identifier: GPL-2.0
/*
 * stress: 8 threads x 100k iterations of mixed system calls (getpid, pipe
 * write and read back, clock_gettime, sched_yield, mmap and munmap), while
 * signals arrive all the time: tgkill to each thread and a 1 ms interval
 * timer, with handlers that make system calls of their own. Every result
 * is checked. Prints KTAP.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "ktap.h"

#define NTHREADS	8
#define ITERATIONS	100000

struct worker {
	pthread_t thread;
	_Atomic pid_t tid;
	long done, errors;
};

static struct worker workers[NTHREADS];
static atomic_long signals_seen;
static atomic_int finished;
static pid_t pid;

static void handler(int sig)
{
	int saved = errno;

	(void)sig;
	/* A system call from inside the handler, on either return path. */
	if (getppid() < 0)
		abort();
	atomic_fetch_add(&signals_seen, 1);
	errno = saved;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct timespec prev = { 0, 0 }, now;
	int fds[2];

	atomic_store(&w->tid, (pid_t)syscall(SYS_gettid));
	if (pipe(fds))
		return NULL;
	for (long i = 0; i < ITERATIONS; i++) {
		long back = -1;

		if (getpid() != pid)
			w->errors++;
		if (write(fds[1], &i, sizeof(i)) != sizeof(i) ||
		    read(fds[0], &back, sizeof(back)) != sizeof(back) || back != i)
			w->errors++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
			w->errors++;
		prev = now;
		if (i % 64 == 0)
			sched_yield();
		if (i % 256 == 0) {
			char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED) {
				w->errors++;
			} else {
				p[100] = (char)i;
				if (p[100] != (char)i || munmap(p, 4096))
					w->errors++;
			}
		}
		w->done++;
	}
	close(fds[0]);
	close(fds[1]);
	atomic_fetch_add(&finished, 1);
	return NULL;
}

static void test_stress(void)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	long errors = 0, done = 0;

	pid = getpid();
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < NTHREADS; i++)
		pthread_create(&workers[i].thread, NULL, work, &workers[i]);
	/* Keep signalling the threads until they are all done. */
	for (unsigned int n = 0; atomic_load(&finished) < NTHREADS; n++) {
		struct worker *w = &workers[n % NTHREADS];
		struct timespec nap = { 0, 200000 };

		if (atomic_load(&w->tid) && w->done < ITERATIONS)
			syscall(SYS_tgkill, pid, atomic_load(&w->tid), SIGUSR1);
		nanosleep(&nap, NULL);
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(workers[i].thread, NULL);
		errors += workers[i].errors;
		done += workers[i].done;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	printf("# %ld iterations, %ld signals handled\n", done, atomic_load(&signals_seen));
	CHECK(done == (long)NTHREADS * ITERATIONS, "iterations %ld", done);
	CHECK(errors == 0, "%ld wrong results", errors);
	CHECK(atomic_load(&signals_seen) > 100, "only %ld signals", atomic_load(&signals_seen));
}

int main(void)
{
	ktap_plan(1);
	ktap_run("8 threads x 100k mixed system calls with signals arriving", test_stress);
	return ktap_done();
}
