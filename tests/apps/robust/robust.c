// SPDX-License-Identifier: GPL-2.0
/*
 * robust: app bugs end the app, never the kernel. Each subtest makes one
 * mistake in a forked child (or thread) and reports what the app saw:
 * the child's fate and the values it got. Every line must read the same
 * on stock Linux and in ring 0, apart from the sealed code of a UKL app
 * (EPERM where stock allows it; see Documentation/arch/x86/ukl.rst).
 * Prints KTAP; a subtest fails if the observation is not the expected one.
 *
 *   robust [name...]	run the named subtests (default: all)
 *   robust soak <secs>	for <secs> seconds: a thread spins with its stack
 *			pointer in a page that a sibling keeps dropping, another
 *			forks and reaps children, another sleeps on a timer;
 *			every second, each CPU must have taken interrupts
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "ktap.h"
#include "ring.h"

#define PAGE		4096UL
#define NONCANONICAL	0x8000000000000000UL
#define KERNEL_TEXT	0xffffffff81000000UL
#define X86_EFLAGS_TF	0x100UL
#define X86_EFLAGS_DF	0x400UL
#define X86_EFLAGS_NT	0x4000UL
#define X86_EFLAGS_AC	0x40000UL

/* What happened to a child, as one phrase. */
static const char *fate(pid_t pid, char *buf, size_t len)
{
	int status = 0;
	pid_t r;

	/* A traced child stops at its fatal signal first: let it have it. */
	while ((r = waitpid(pid, &status, 0)) == pid && WIFSTOPPED(status))
		ptrace(PTRACE_CONT, pid, NULL, (void *)(long)WSTOPSIG(status));
	if (r != pid)
		snprintf(buf, len, "waitpid failed: %s", strerror(errno));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by %s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		snprintf(buf, len, "status %#x", status);
	return buf;
}

#define EXPECT_FATE(pid, want)						\
	do {								\
		char f_[64];						\
		fate(pid, f_, sizeof(f_));				\
		printf("# child %s\n", f_);				\
		CHECK(!strcmp(f_, want), "child %s, expected %s", f_, want); \
	} while (0)

/*
 * Call fn(a, b, c) with the stack pointer in the middle of @page, so that
 * the call's return address lies in that page, then switch back.
 */
static long call_on_page(void *page, long (*fn)(long, long, long), long a, long b, long c)
{
	long ret;

	__asm__ volatile("movq %%rsp, %%rbx\n\t"
			 "leaq 2048(%[page]), %%rsp\n\t"
			 "call *%[fn]\n\t"
			 "movq %%rbx, %%rsp"
			 : "=a"(ret), "+D"(a), "+S"(b), "+d"(c)
			 : [page] "r"(page), [fn] "r"(fn)
			 : "rbx", "rcx", "r8", "r9", "r10", "r11", "memory", "cc");
	return ret;
}

static long sys_munmap(long addr, long len, long unused)
{
	return syscall(SYS_munmap, addr, len);
}

static long sys_mprotect_none(long addr, long len, long unused)
{
	return syscall(SYS_mprotect, addr, len, PROT_NONE);
}

static long sys_madvise_dontneed(long addr, long len, long unused)
{
	return syscall(SYS_madvise, addr, len, MADV_DONTNEED);
}

static long sys_read(long fd, long buf, long len)
{
	return syscall(SYS_read, fd, buf, len);
}

static void *map_stack(size_t pages)
{
	void *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The child drops the page under its own stack pointer in a system call. */
static void own_stack(long (*drop)(long, long, long))
{
	pid_t pid = fork();

	if (pid == 0) {
		char *page = map_stack(1);

		if (!page)
			_exit(2);
		page[0] = 1;
		call_on_page(page, drop, (long)page, PAGE, 0);
		_exit(0);	/* only if the return address survived */
	}
	EXPECT_FATE(pid, "killed by SEGV");
}

static void test_own_stack_munmap(void) { own_stack(sys_munmap); }
static void test_own_stack_mprotect(void) { own_stack(sys_mprotect_none); }
static void test_own_stack_madvise(void) { own_stack(sys_madvise_dontneed); }

/*
 * A thread blocks in read() with its stack pointer in a page that its
 * sibling then drops; the sibling wakes it. It returns into the lost page.
 */
struct blocked {
	int pipe[2];
	char *page;
};

static void *block_on_page(void *arg)
{
	struct blocked *b = arg;
	char c;

	call_on_page(b->page, sys_read, b->pipe[0], (long)&c, 1);
	return NULL;		/* only if the return address survived */
}

static void sibling_stack(int (*drop)(void *, size_t))
{
	pid_t pid = fork();

	if (pid == 0) {
		struct blocked b;
		pthread_t t;

		b.page = map_stack(1);
		if (!b.page || pipe(b.pipe))
			_exit(2);
		b.page[0] = 1;
		pthread_create(&t, NULL, block_on_page, &b);
		usleep(100000);		/* let it block */
		if (drop(b.page, PAGE))
			_exit(3);
		if (write(b.pipe[1], "x", 1) != 1)
			_exit(4);
		pthread_join(t, NULL);
		_exit(0);
	}
	EXPECT_FATE(pid, "killed by SEGV");
}

static int drop_munmap(void *p, size_t len) { return munmap(p, len); }
static int drop_mprotect(void *p, size_t len) { return mprotect(p, len, PROT_NONE); }
static int drop_madvise(void *p, size_t len) { return madvise(p, len, MADV_DONTNEED); }

static void test_sibling_stack_munmap(void) { sibling_stack(drop_munmap); }
static void test_sibling_stack_mprotect(void) { sibling_stack(drop_mprotect); }
static void test_sibling_stack_madvise(void) { sibling_stack(drop_madvise); }

/*
 * Interrupts taken per CPU, all kinds together, from /proc/interrupts:
 * the timer is the local APIC's (LOC), or the IO-APIC's on CPU 0 with
 * broadcasts to the others when the kernel found the APIC timer unreliable
 * (under heavy host load in emulation). Returns the number of CPUs.
 */
static int read_interrupts(unsigned long *count, int max)
{
	char line[1024];
	int cpus = 0, i;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f || !fgets(line, sizeof(line), f))
		return -1;
	for (char *p = line; (p = strstr(p, "CPU")); p += 3)
		cpus++;
	if (cpus > max)
		cpus = max;
	for (i = 0; i < cpus; i++)
		count[i] = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (!p)
			continue;
		p++;
		for (i = 0; i < cpus; i++) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			count[i] += v;
			p = end;
		}
	}
	fclose(f);
	return cpus;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static volatile int stop_spinning;

/* Spin in registers with the stack pointer in @page, until told to stop. */
static void spin_on_page(char *page)
{
	__asm__ volatile("movq %%rsp, %%rbx\n\t"
			 "leaq 2048(%[page]), %%rsp\n\t"
			 "1: pause\n\t"
			 "cmpl $0, %[stop]\n\t"
			 "je 1b\n\t"
			 "movq %%rbx, %%rsp"
			 : : [page] "r"(page), [stop] "m"(stop_spinning)
			 : "rbx", "memory", "cc");
}

static void *spinner(void *arg)
{
	pin(1);
	spin_on_page(arg);
	return NULL;
}

static int loc_rose(const unsigned long *before, const unsigned long *after, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		printf("# CPU%d: %lu interrupts\n", i, after[i] - before[i]);
		if (after[i] - before[i] < 5)
			return 0;
	}
	return 1;
}

/*
 * The lost-interrupt reproducer: a thread spins on CPU 1 with its stack
 * pointer in a page that its sibling on CPU 0 keeps dropping. Every CPU
 * must go on taking its timer interrupts.
 */
static void test_spin_on_dropped_page(void)
{
	unsigned long before[8], after[8];
	char *page = map_stack(1);
	struct timespec t0, t;
	pthread_t thread;
	int n, drops = 0;

	CHECK(page, "mmap");
	if (!page)
		return;
	page[0] = 1;
	stop_spinning = 0;
	n = read_interrupts(before, 8);
	CHECK(n >= 2, "need 2 CPUs in /proc/interrupts, found %d", n);
	pin(0);
	pthread_create(&thread, NULL, spinner, page);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		madvise(page, PAGE, MADV_DONTNEED);
		drops++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 2);
	read_interrupts(after, 8);
	stop_spinning = 1;
	pthread_join(thread, NULL);
	printf("# %d drops of the spinning thread's stack page\n", drops);
	CHECK(loc_rose(before, after, n), "a CPU stopped taking interrupts");
}

static void *spin_registers(void *arg)
{
	pin((long)arg);
	while (!stop_spinning)
		__asm__ volatile("pause");
	return NULL;
}

/*
 * fork() makes every stack page copy-on-write; the parent and its other
 * thread then spin without writing them.
 */
static void test_fork_then_spin(void)
{
	unsigned long before[8], after[8];
	pthread_t thread;
	pid_t pid;
	int n;

	stop_spinning = 0;
	pthread_create(&thread, NULL, spin_registers, (void *)1L);
	usleep(10000);
	n = read_interrupts(before, 8);
	pid = fork();
	if (pid == 0) {
		usleep(500000);
		_exit(0);
	}
	pin(0);
	{
		struct timespec t0, t;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		do {
			clock_gettime(CLOCK_MONOTONIC, &t);
		} while (t.tv_sec - t0.tv_sec < 2);
	}
	read_interrupts(after, 8);
	stop_spinning = 1;
	pthread_join(thread, NULL);
	EXPECT_FATE(pid, "exited 0");
	CHECK(n >= 2 && loc_rose(before, after, n), "a CPU stopped taking interrupts");
}

/* A page of code of its own that is never run: the target for text changes. */
extern char robust_spare_text[];
__asm__(".pushsection .text.robust_spare, \"ax\"\n"
	".balign 4096\n"
	"robust_spare_text:\n"
	".fill 4096, 1, 0xcc\n"
	".popsection");

/* What the app's own code allows: stock changes it, UKL seals it. */
static void text_change(const char *what, long ret)
{
	int want = cpl() == 0 ? -EPERM : 0;
	int got = ret < 0 ? -errno : 0;

	printf("# %s of the app's code: %s\n", what, got ? strerror(-got) : "allowed");
	CHECK(got == want, "%s: %d, expected %d", what, got, want);
}

static void test_text_mprotect(void)
{
	text_change("mprotect", mprotect(robust_spare_text, PAGE,
					 PROT_READ | PROT_WRITE | PROT_EXEC));
}

static void test_text_mremap(void)
{
	void *p = mremap(robust_spare_text, PAGE, PAGE, MREMAP_MAYMOVE);

	text_change("mremap", p == MAP_FAILED ? -1 : 0);
}

static void test_text_munmap(void)
{
	text_change("munmap", munmap(robust_spare_text, PAGE));
}

static unsigned long bad_rip;

static void set_rip(int sig, siginfo_t *si, void *uc)
{
	((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP] = bad_rip;
}

static void sigreturn_to(unsigned long rip)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_sigaction = set_rip, .sa_flags = SA_SIGINFO };

		bad_rip = rip;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		_exit(0);
	}
	EXPECT_FATE(pid, "killed by SEGV");
}

static void test_sigreturn_noncanonical(void) { sigreturn_to(NONCANONICAL); }
static void test_sigreturn_kernel(void) { sigreturn_to(KERNEL_TEXT); }

static void handler_at(unsigned long addr)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_handler = (void (*)(int))addr };

		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		_exit(0);
	}
	EXPECT_FATE(pid, "killed by SEGV");
}

static void test_handler_noncanonical(void) { handler_at(NONCANONICAL); }
static void test_handler_kernel(void) { handler_at(KERNEL_TEXT); }

/* A traced child that stops; the parent changes a register and lets it go. */
static pid_t traced_child(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_pokeuser_noncanonical(void)
{
	pid_t pid = traced_child();
	long r = ptrace(PTRACE_POKEUSER, pid, offsetof(struct user_regs_struct, rip),
			NONCANONICAL);

	CHECK(r == 0, "POKEUSER rip");
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	EXPECT_FATE(pid, "killed by SEGV");
}

static void test_pokeuser_clear_ac(void)
{
	pid_t pid = traced_child();
	long off = offsetof(struct user_regs_struct, eflags);
	long flags = ptrace(PTRACE_PEEKUSER, pid, off, NULL);

	CHECK(ptrace(PTRACE_POKEUSER, pid, off, flags & ~X86_EFLAGS_AC) == 0, "POKEUSER eflags");
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	EXPECT_FATE(pid, "exited 0");
}

static void clear_ac(int sig, siginfo_t *si, void *uc)
{
	((ucontext_t *)uc)->uc_mcontext.gregs[REG_EFL] &= ~X86_EFLAGS_AC;
}

static void test_sigreturn_clear_ac(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_sigaction = clear_ac, .sa_flags = SA_SIGINFO };
		char *heap = malloc(100000);

		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		memset(heap, 1, 100000);	/* the heap and the stack still work */
		_exit(heap[99999] == 1 ? 0 : 1);
	}
	EXPECT_FATE(pid, "exited 0");
}

static unsigned long read_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

/* DF left set at a system call: the kernel still copies forwards. */
static void test_df_at_syscall(void)
{
	char src[64], dst[64];
	unsigned long flags;
	int p[2];
	long n;

	memset(src, 'a', sizeof(src));
	memset(dst, 0, sizeof(dst));
	CHECK(pipe(p) == 0, "pipe");
	CHECK(write(p[1], src, sizeof(src)) == sizeof(src), "write");
	__asm__ volatile("std" ::: "memory");
	n = syscall(SYS_read, p[0], dst, sizeof(dst));
	flags = read_flags();
	__asm__ volatile("cld" ::: "memory");
	printf("# DF %s after the call\n", flags & X86_EFLAGS_DF ? "kept" : "cleared");
	CHECK(n == sizeof(dst) && !memcmp(src, dst, sizeof(dst)), "read %ld bytes", n);
	CHECK(flags & X86_EFLAGS_DF, "DF cleared");
	close(p[0]);
	close(p[1]);
}

/* NT left set at a system call: no IRET in the kernel may fault on it. */
static void test_nt_at_syscall(void)
{
	unsigned long flags;
	long ppid;

	__asm__ volatile("pushfq; orq %0, (%%rsp); popfq" :: "i"(X86_EFLAGS_NT) : "memory", "cc");
	ppid = syscall(SYS_getppid);
	sched_yield();
	flags = read_flags();
	__asm__ volatile("pushfq; andq %0, (%%rsp); popfq" :: "i"(~X86_EFLAGS_NT) : "memory", "cc");
	printf("# NT %s after the calls\n", flags & X86_EFLAGS_NT ? "kept" : "cleared");
	CHECK(ppid == getppid(), "getppid %ld", ppid);
	CHECK(flags & X86_EFLAGS_NT, "NT cleared");
}

static volatile int steps, reached_marker;
extern char tf_marker[];

static void step(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;

	steps++;
	if (u->uc_mcontext.gregs[REG_RIP] == (unsigned long)tf_marker) {
		reached_marker = 1;
		u->uc_mcontext.gregs[REG_EFL] &= ~X86_EFLAGS_TF;
	}
}

/*
 * TF left set at a system call: the app single-steps itself through
 * syscall() and must come out of it still stepping.
 */
__attribute__((noinline)) static void test_tf_at_syscall(void)
{
	struct sigaction sa = { .sa_sigaction = step, .sa_flags = SA_SIGINFO };
	long ppid;

	steps = reached_marker = 0;
	sigaction(SIGTRAP, &sa, NULL);
	__asm__ volatile("pushfq; orq %0, (%%rsp); popfq" :: "i"(X86_EFLAGS_TF) : "memory", "cc");
	ppid = syscall(SYS_getppid);
	__asm__ volatile(".globl tf_marker\ntf_marker: nop" ::: "memory");
	signal(SIGTRAP, SIG_DFL);
	printf("# single-stepping %s the marker after the call\n",
	       reached_marker ? "reached" : "stopped before");
	CHECK(ppid == getppid(), "getppid %ld", ppid);
	CHECK(reached_marker, "TF lost after %d steps", steps);
}

typedef int (*jit_fn)(void);

/* mov $value, %eax; ret */
static void emit(unsigned char *p, int value)
{
	p[0] = 0xb8;
	memcpy(p + 1, &value, 4);
	p[5] = 0xc3;
}

/* Code the app writes into anonymous memory runs (a JIT). */
static void test_jit(void)
{
	unsigned char *rw = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *rwx = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	CHECK(rw != MAP_FAILED && rwx != MAP_FAILED, "mmap");
	emit(rw, 42);
	CHECK(mprotect(rw, PAGE, PROT_READ | PROT_EXEC) == 0, "mprotect RX");
	CHECK(((jit_fn)rw)() == 42, "RW then RX code");
	emit(rwx, 43);
	CHECK(((jit_fn)rwx)() == 43, "RWX code");
	/* Code in memory mapped without PROT_EXEC still faults. */
	pid = fork();
	if (pid == 0) {
		unsigned char *nx = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		emit(nx, 44);
		_exit(((jit_fn)nx)());
	}
	EXPECT_FATE(pid, "killed by SEGV");
}

/* A child allocates until the OOM killer ends it. */
static void test_oom(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;) {
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				_exit(3);
			for (size_t i = 0; i < 1 << 20; i += PAGE)
				p[i] = 1;
		}
	}
	EXPECT_FATE(pid, "killed by KILL");
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "own-stack-munmap", test_own_stack_munmap },
	{ "own-stack-mprotect", test_own_stack_mprotect },
	{ "own-stack-madvise", test_own_stack_madvise },
	{ "sibling-stack-munmap", test_sibling_stack_munmap },
	{ "sibling-stack-mprotect", test_sibling_stack_mprotect },
	{ "sibling-stack-madvise", test_sibling_stack_madvise },
	{ "spin-on-dropped-page", test_spin_on_dropped_page },
	{ "fork-then-spin", test_fork_then_spin },
	{ "text-mprotect", test_text_mprotect },
	{ "text-mremap", test_text_mremap },
	{ "text-munmap", test_text_munmap },
	{ "sigreturn-noncanonical-rip", test_sigreturn_noncanonical },
	{ "sigreturn-kernel-rip", test_sigreturn_kernel },
	{ "handler-noncanonical", test_handler_noncanonical },
	{ "handler-kernel", test_handler_kernel },
	{ "pokeuser-noncanonical-rip", test_pokeuser_noncanonical },
	{ "pokeuser-clear-ac", test_pokeuser_clear_ac },
	{ "sigreturn-clear-ac", test_sigreturn_clear_ac },
	{ "df-at-syscall", test_df_at_syscall },
	{ "nt-at-syscall", test_nt_at_syscall },
	{ "tf-at-syscall", test_tf_at_syscall },
	{ "jit", test_jit },
	{ "oom", test_oom },
};

static volatile long forks, timer_ticks;

static void *fork_storm(void *arg)
{
	while (!stop_spinning) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid > 0 && waitpid(pid, NULL, 0) == pid)
			forks++;
	}
	return NULL;
}

static void *timer_sleeper(void *arg)
{
	struct timespec ms = { 0, 1000000 };

	while (!stop_spinning) {
		nanosleep(&ms, NULL);
		timer_ticks++;
	}
	return NULL;
}

/* The lost-interrupt stress test, for make soak. */
static void soak(int secs)
{
	unsigned long before[8], after[8];
	pthread_t spin, storm, timer;
	char *page = map_stack(1);
	long drops = 0;
	int n, s, stalls = 0;

	ktap_plan(1);
	page[0] = 1;
	n = read_interrupts(before, 8);
	pin(0);
	pthread_create(&spin, NULL, spinner, page);
	pthread_create(&storm, NULL, fork_storm, NULL);
	pthread_create(&timer, NULL, timer_sleeper, NULL);
	for (s = 0; s < secs; s++) {
		struct timespec t0, t;
		int i;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		do {
			madvise(page, PAGE, MADV_DONTNEED);
			drops++;
			clock_gettime(CLOCK_MONOTONIC, &t);
		} while ((t.tv_sec - t0.tv_sec) * 1000000000L + t.tv_nsec - t0.tv_nsec < 1000000000L);
		read_interrupts(after, 8);
		for (i = 0; i < n; i++) {
			if (after[i] - before[i] < 5)
				stalls++;
			before[i] = after[i];
		}
		if (s % 10 == 9 || s == secs - 1)
			printf("# %d s: %ld drops, %ld forks, %ld timer sleeps, interrupts CPU0 %lu, CPU1 %lu, %d stalls\n",
			       s + 1, drops, forks, timer_ticks, after[0], n > 1 ? after[1] : 0, stalls);
	}
	stop_spinning = 1;
	pthread_join(spin, NULL);
	pthread_join(storm, NULL);
	pthread_join(timer, NULL);
	ktap_number++;
	if (n >= 2 && !stalls) {
		ktap_passed++;
		printf("ok 1 - soak: every CPU took interrupts every second for %d s\n", secs);
	} else {
		ktap_failed++;
		printf("not ok 1 - soak: %d CPU-seconds without interrupts (%d CPUs)\n", stalls, n);
	}
}

int main(int argc, char **argv)
{
	unsigned int i;
	int j, n = 0;

	mkdir("/proc", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "soak")) {
		soak(atoi(argv[2]));
		return ktap_done();
	}
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		for (j = 1; j < argc || (j == 1 && argc == 1); j++)
			if (argc == 1 || !strcmp(argv[j], tests[i].name))
				n++;
	ktap_plan(n);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		for (j = 1; j < argc || (j == 1 && argc == 1); j++)
			if (argc == 1 || !strcmp(argv[j], tests[i].name))
				ktap_run(tests[i].name, tests[i].fn);
	return ktap_done();
}
