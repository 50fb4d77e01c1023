// SPDX-License-Identifier: GPL-2.0
/*
 * threads: pthreads in a self-checking KTAP program: create and join,
 * detached threads, TLS, mutex, condvar, rwlock, barrier, semaphores,
 * cancellation with cleanup handlers, pthread_exit running destructors,
 * growing thread stacks, and fork in a multi-threaded process.
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "ktap.h"

#define NTHREADS 64

static __thread long tls_value = -1;

static void *tls_worker(void *arg)
{
	long id = (long)arg;

	CHECK(tls_value == -1, "fresh TLS %ld", tls_value);
	tls_value = id * 3;
	usleep(1000);
	return (void *)(tls_value == id * 3 ? id : -1);
}

static void test_create_join(void)
{
	pthread_t t[NTHREADS];

	for (long i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, tls_worker, (void *)i) == 0, "create %ld", i);
	for (long i = 0; i < NTHREADS; i++) {
		void *ret = NULL;

		CHECK(pthread_join(t[i], &ret) == 0 && (long)ret == i, "join %ld -> %ld", i, (long)ret);
	}
	CHECK(tls_value == -1, "main thread TLS untouched: %ld", tls_value);
}

static atomic_int detached_done;

static void *detached_worker(void *arg)
{
	atomic_fetch_add(&detached_done, 1);
	return arg;
}

static void test_detached(void)
{
	pthread_attr_t attr;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < 16; i++) {
		pthread_t t;

		CHECK(pthread_create(&t, &attr, detached_worker, NULL) == 0, "create");
	}
	for (int i = 0; i < 2000 && atomic_load(&detached_done) < 16; i++)
		usleep(1000);
	CHECK(atomic_load(&detached_done) == 16, "%d detached threads ran", atomic_load(&detached_done));
}

static pthread_key_t key;
static atomic_int destructor_calls;

static void key_destructor(void *value)
{
	if ((long)value == 42)
		atomic_fetch_add(&destructor_calls, 1);
}

static void *key_worker(void *arg)
{
	pthread_setspecific(key, (void *)42);
	CHECK(pthread_getspecific(key) == (void *)42, "getspecific");
	if (arg)
		pthread_exit(NULL);	/* destructors must run on pthread_exit too */
	return NULL;
}

static void test_keys(void)
{
	pthread_t a, b;

	CHECK(pthread_key_create(&key, key_destructor) == 0, "key_create");
	CHECK(pthread_create(&a, NULL, key_worker, NULL) == 0, "create");
	CHECK(pthread_create(&b, NULL, key_worker, (void *)1) == 0, "create");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	CHECK(pthread_getspecific(key) == NULL, "main thread's value");
	CHECK(atomic_load(&destructor_calls) == 2, "%d destructor calls", atomic_load(&destructor_calls));
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter, ready;

static void *mutex_worker(void *arg)
{
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	ready++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return arg;
}

static void test_mutex_condvar(void)
{
	pthread_t t[8];

	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, mutex_worker, NULL);
	pthread_mutex_lock(&lock);
	while (ready < 8)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	CHECK(counter == 8 * 20000, "counter %ld", counter);
}

static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t barrier;
static long shared_value;
static atomic_int readers_ok;

static void *rw_worker(void *arg)
{
	long id = (long)arg;

	pthread_barrier_wait(&barrier);
	for (int i = 0; i < 2000; i++) {
		if (id == 0) {
			pthread_rwlock_wrlock(&rwlock);
			shared_value++;
			shared_value++;
			pthread_rwlock_unlock(&rwlock);
		} else {
			pthread_rwlock_rdlock(&rwlock);
			if (shared_value % 2 == 0)
				atomic_fetch_add(&readers_ok, 1);
			pthread_rwlock_unlock(&rwlock);
		}
	}
	pthread_barrier_wait(&barrier);
	return NULL;
}

static void test_rwlock_barrier(void)
{
	pthread_t t[4];

	pthread_barrier_init(&barrier, NULL, 4);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, rw_worker, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK(shared_value == 4000, "writes %ld", shared_value);
	CHECK(atomic_load(&readers_ok) == 3 * 2000, "consistent reads %d", atomic_load(&readers_ok));
	pthread_barrier_destroy(&barrier);
}

static sem_t items, slots;
static long produced_sum, consumed_sum;

static void *producer(void *arg)
{
	for (long i = 1; i <= 5000; i++) {
		sem_wait(&slots);
		produced_sum += i;
		sem_post(&items);
	}
	return arg;
}

static void test_semaphores(void)
{
	pthread_t t;

	sem_init(&items, 0, 0);
	sem_init(&slots, 0, 1);
	pthread_create(&t, NULL, producer, NULL);
	for (int i = 0; i < 5000; i++) {
		sem_wait(&items);
		consumed_sum = produced_sum;
		sem_post(&slots);
	}
	pthread_join(t, NULL);
	CHECK(consumed_sum == 5000L * 5001 / 2, "sum %ld", consumed_sum);
}

static atomic_int cleanups;

static void cleanup(void *arg)
{
	atomic_fetch_add(&cleanups, (int)(long)arg);
}

static void *cancel_worker(void *arg)
{
	int fds[2];
	char c;

	pipe(fds);
	pthread_cleanup_push(cleanup, (void *)1);
	pthread_cleanup_push(cleanup, (void *)10);
	read(fds[0], &c, 1);	/* a cancellation point that blocks forever */
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return arg;
}

static void test_cancel(void)
{
	pthread_t t;
	void *ret = NULL;

	pthread_create(&t, NULL, cancel_worker, NULL);
	usleep(20000);
	CHECK(pthread_cancel(t) == 0, "cancel");
	CHECK(pthread_join(t, &ret) == 0 && ret == PTHREAD_CANCELED, "canceled");
	CHECK(atomic_load(&cleanups) == 11, "cleanup handlers %d", atomic_load(&cleanups));
}

/* About 2 MiB of a thread stack, touched page by page as it grows. */
static unsigned long deep(int depth)
{
	volatile unsigned char frame[2048];

	frame[0] = (unsigned char)depth;
	frame[2047] = (unsigned char)(depth >> 8);
	if (depth == 0)
		return 0;
	return deep(depth - 1) + frame[0] + frame[2047];
}

static void *stack_worker(void *arg)
{
	return (void *)deep(1000);
}

static void test_thread_stack(void)
{
	unsigned long expect = 0;
	pthread_t t;
	void *ret;

	for (int d = 1; d <= 1000; d++)
		expect += (unsigned char)d + (unsigned char)(d >> 8);
	pthread_create(&t, NULL, stack_worker, NULL);
	pthread_join(t, &ret);
	CHECK((unsigned long)ret == expect, "deep recursion %lu, expected %lu",
	      (unsigned long)ret, expect);
}

static void *spinner(void *arg)
{
	while (!atomic_load((atomic_int *)arg))
		;
	return NULL;
}

static void test_fork_threaded(void)
{
	atomic_int stop = 0;
	pthread_t t;
	int status = -1;
	pid_t child;

	pthread_create(&t, NULL, spinner, &stop);
	child = fork();
	if (child == 0) {
		/* Only the forking thread exists in the child. */
		pthread_t u;
		void *ret = NULL;

		if (pthread_create(&u, NULL, tls_worker, (void *)5) || pthread_join(u, &ret))
			_exit(1);
		_exit((long)ret == 5 ? 33 : 2);
	}
	CHECK(child > 0 && waitpid(child, &status, 0) == child, "fork, waitpid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33, "child status %#x", status);
	atomic_store(&stop, 1);
	pthread_join(t, NULL);
}

int main(void)
{
	ktap_plan(10);
	ktap_run("create and join 64 threads, TLS per thread", test_create_join);
	ktap_run("detached threads", test_detached);
	ktap_run("pthread keys and destructors, also on pthread_exit", test_keys);
	ktap_run("mutex and condition variable", test_mutex_condvar);
	ktap_run("rwlock and barrier", test_rwlock_barrier);
	ktap_run("semaphores", test_semaphores);
	ktap_run("pthread_cancel runs cleanup handlers", test_cancel);
	ktap_run("thread stack grows on demand", test_thread_stack);
	ktap_run("fork in a multi-threaded process", test_fork_threaded);
	ktap_run("still fine afterwards", test_create_join);
	return ktap_done();
}
