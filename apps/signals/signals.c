// SPDX-License-Identifier: GPL-2.0
/*
 * signals: signal delivery in a self-checking KTAP program: handlers entered
 * after a system call and after an interrupt in busy code, SA_SIGINFO,
 * registers intact across handlers in a tight loop, SA_RESTART vs EINTR,
 * sigaltstack, blocking and sigsuspend, pthread_kill and tgkill, SIGSEGV
 * with siglongjmp, and alarm, setitimer and POSIX timers firing while the
 * program makes no system calls.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "ktap.h"

static volatile sig_atomic_t hits;
static siginfo_t last_info;

static void count_handler(int sig)
{
	(void)sig;
	hits++;
}

static void info_handler(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	last_info = *info;
	hits++;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void test_after_syscall(void)
{
	hits = 0;
	set_handler(SIGUSR1, count_handler, 0);
	/* Delivered on the way back from the kill system call itself. */
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill");
	CHECK(hits == 1, "handler ran %d times", (int)hits);
}

static void test_siginfo(void)
{
	struct sigaction sa = { .sa_sigaction = info_handler, .sa_flags = SA_SIGINFO };
	union sigval v = { .sival_int = 4242 };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	hits = 0;
	CHECK(sigqueue(getpid(), SIGUSR2, v) == 0, "sigqueue");
	CHECK(hits == 1, "handler ran %d times", (int)hits);
	CHECK(last_info.si_signo == SIGUSR2 && last_info.si_code == SI_QUEUE &&
	      last_info.si_pid == getpid() && last_info.si_value.sival_int == 4242,
	      "signo %d code %d pid %d value %d", last_info.si_signo, last_info.si_code,
	      (int)last_info.si_pid, last_info.si_value.sival_int);
}

/* A busy loop that keeps its state in many registers, no system calls. */
static uint64_t register_loop(uint64_t n)
{
	uint64_t a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;

	__asm__ volatile(
		"1:\n\t"
		"add %[b], %[a]\n\t" "xor %[a], %[c]\n\t" "rol $7, %[c]\n\t"
		"add %[c], %[d]\n\t" "imul $31, %[d], %[e]\n\t" "xor %[e], %[f]\n\t"
		"add %[f], %[g]\n\t" "rol $13, %[g]\n\t" "sub %[g], %[h]\n\t"
		"add %[h], %[b]\n\t"
		"dec %[n]\n\t" "jnz 1b\n\t"
		: [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [d] "+r"(d), [e] "+r"(e),
		  [f] "+r"(f), [g] "+r"(g), [h] "+r"(h), [n] "+r"(n));
	return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
}

static void clobbering_handler(int sig)
{
	/* Use registers and the FPU, then return through sigreturn. */
	volatile double x = 1.5;

	(void)sig;
	for (int i = 0; i < 50; i++)
		x = x * 1.01 + i;
	hits++;
}

static void test_registers_intact(void)
{
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	sigset_t block;
	uint64_t want, got;

	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	want = register_loop(20000000);
	set_handler(SIGALRM, clobbering_handler, 0);
	hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	/* The timer interrupts the loop in app code: handler via the IRQ path. */
	got = register_loop(20000000);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(hits > 0, "no timer signal arrived during the loop");
	CHECK(got == want, "loop result %#llx, without signals %#llx (%d signals)",
	      (unsigned long long)got, (unsigned long long)want, (int)hits);
}

/*
 * A nanosleep stopped and continued goes on through restart_syscall, and
 * sleeps no less than asked for.
 */
static void restart_after_stop(void)
{
	struct timespec t0, t1, want = { 0, 400000000 };
	int status = 0;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		long ns;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (nanosleep(&want, NULL) != 0)
			_exit(1);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec;
		_exit(ns >= want.tv_nsec ? 0 : 2);
	}
	usleep(100000);
	kill(pid, SIGSTOP);
	usleep(100000);
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "stopped nanosleep: status %#x", status);
}

static void test_restart(void)
{
	int fds[2];
	char c;
	ssize_t n;

	pipe(fds);
	/* Without SA_RESTART a blocked read fails with EINTR. */
	set_handler(SIGALRM, count_handler, 0);
	hits = 0;
	alarm(1);
	errno = 0;
	n = read(fds[0], &c, 1);
	CHECK(n == -1 && errno == EINTR && hits == 1, "read %zd errno %d hits %d", n, errno,
	      (int)hits);
	/* With SA_RESTART the read goes on, and returns the byte written later. */
	set_handler(SIGALRM, count_handler, SA_RESTART);
	hits = 0;
	if (fork() == 0) {
		usleep(1500000);
		write(fds[1], "x", 1);
		_exit(0);
	}
	alarm(1);
	n = read(fds[0], &c, 1);
	CHECK(n == 1 && c == 'x' && hits == 1, "restarted read %zd hits %d", n, (int)hits);
	close(fds[0]);
	close(fds[1]);
	restart_after_stop();
}

static void *altstack_base;
static volatile int on_altstack;

static void altstack_handler(int sig)
{
	char here;

	(void)sig;
	on_altstack = &here >= (char *)altstack_base && &here < (char *)altstack_base + SIGSTKSZ * 4;
}

static void test_sigaltstack(void)
{
	stack_t ss = { .ss_size = SIGSTKSZ * 4 };

	altstack_base = ss.ss_sp = malloc(ss.ss_size);
	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack");
	set_handler(SIGUSR1, altstack_handler, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK(on_altstack, "handler did not run on the alternate stack");
}

static void test_block_pending_suspend(void)
{
	sigset_t block, old, pending, wait_mask;

	set_handler(SIGUSR1, count_handler, 0);
	hits = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &old);
	raise(SIGUSR1);
	CHECK(hits == 0, "blocked signal delivered");
	sigpending(&pending);
	CHECK(sigismember(&pending, SIGUSR1), "not pending");
	wait_mask = old;
	sigdelset(&wait_mask, SIGUSR1);
	CHECK(sigsuspend(&wait_mask) == -1 && errno == EINTR && hits == 1, "sigsuspend hits %d",
	      (int)hits);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static _Atomic pid_t target_tid;
static atomic_int thread_hits;

static void thread_handler(int sig)
{
	(void)sig;
	if (syscall(SYS_gettid) == atomic_load(&target_tid))
		atomic_fetch_add(&thread_hits, 1);
}

static void *waiting_thread(void *arg)
{
	atomic_store(&target_tid, (pid_t)syscall(SYS_gettid));
	while (atomic_load(&thread_hits) < 2)
		pause();
	return arg;
}

static void test_thread_directed(void)
{
	pthread_t t;

	set_handler(SIGUSR2, thread_handler, 0);
	pthread_create(&t, NULL, waiting_thread, NULL);
	while (!atomic_load(&target_tid))
		usleep(1000);
	usleep(10000);
	CHECK(pthread_kill(t, SIGUSR2) == 0, "pthread_kill");
	usleep(10000);
	CHECK(syscall(SYS_tgkill, getpid(), atomic_load(&target_tid), SIGUSR2) == 0, "tgkill");
	pthread_join(t, NULL);
	CHECK(atomic_load(&thread_hits) == 2, "signals to the thread: %d", atomic_load(&thread_hits));
}

static sigjmp_buf segv_jump;
static void *segv_addr;

static void segv_handler(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	segv_addr = info->si_addr;
	siglongjmp(segv_jump, 1);
}

static void test_segv_longjmp(void)
{
	struct sigaction sa = { .sa_sigaction = segv_handler, .sa_flags = SA_SIGINFO };
	volatile int *bad = (int *)16;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(segv_jump, 1) == 0) {
		*bad = 1;
		CHECK(0, "the bad write did not fault");
	}
	CHECK(segv_addr == (void *)16, "si_addr %p", segv_addr);
	signal(SIGSEGV, SIG_DFL);
}

static volatile sig_atomic_t timer_hits;

static void timer_handler(int sig)
{
	(void)sig;
	timer_hits++;
}

/* Spin without system calls until the count moves or a budget runs out. */
static int spin_until_hit(void)
{
	for (volatile uint64_t i = 0; i < 4000000000ULL; i++)
		if (timer_hits)
			return 1;
	return 0;
}

static void test_timers_while_spinning(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	struct itimerspec its = { .it_value = { 0, 20000000 } };
	timer_t timer;

	set_handler(SIGALRM, timer_handler, 0);
	timer_hits = 0;
	alarm(1);
	CHECK(spin_until_hit(), "alarm did not fire while spinning");
	timer_hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(spin_until_hit(), "setitimer did not fire while spinning");
	set_handler(SIGRTMIN, timer_handler, 0);
	timer_hits = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0, "timer_create");
	timer_settime(timer, 0, &its, NULL);
	CHECK(spin_until_hit(), "POSIX timer did not fire while spinning");
	timer_delete(timer);
}

int main(void)
{
	ktap_plan(9);
	ktap_run("handler entered after a system call", test_after_syscall);
	ktap_run("SA_SIGINFO with a correct siginfo", test_siginfo);
	ktap_run("registers intact across handlers in a busy loop", test_registers_intact);
	ktap_run("SA_RESTART restarts, no SA_RESTART gives EINTR, a stopped sleep goes on",
		 test_restart);
	ktap_run("sigaltstack", test_sigaltstack);
	ktap_run("blocked, pending and sigsuspend", test_block_pending_suspend);
	ktap_run("pthread_kill and tgkill reach the thread", test_thread_directed);
	ktap_run("SIGSEGV handler leaves with siglongjmp", test_segv_longjmp);
	ktap_run("alarm, setitimer and POSIX timers fire while spinning", test_timers_while_spinning);
	return ktap_done();
}
