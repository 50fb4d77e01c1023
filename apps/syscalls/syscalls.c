// SPDX-License-Identifier: GPL-2.0
/*
 * syscalls: a self-checking program that exercises files, errno, memory,
 * time, processes and rseq through glibc, and prints KTAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/rseq.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "ktap.h"

/* An address in the kernel half: never valid for a system call buffer. */
#define KERNEL_POINTER ((void *)0xffffffff81000000UL)

static void test_files(void)
{
	static const char msg[] = "written by the syscalls app\n";
	char buf[64] = { 0 };
	struct stat st;
	int fd;

	mkdir("/tmp", 0755);
	/* A fresh tmpfs, whatever the root filesystem is. */
	CHECK(mount("tmpfs", "/tmp", "tmpfs", 0, NULL) == 0 || errno == EBUSY, "mount tmpfs");
	fd = open("/tmp/file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open");
	CHECK(write(fd, msg, sizeof(msg) - 1) == (ssize_t)sizeof(msg) - 1, "write");
	CHECK(lseek(fd, 8, SEEK_SET) == 8, "lseek");
	CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "by t", 4) == 0, "read after lseek: '%s'", buf);
	CHECK(fstat(fd, &st) == 0 && st.st_size == (off_t)sizeof(msg) - 1, "fstat size");
	CHECK(close(fd) == 0, "close");
	CHECK(stat("/tmp/file", &st) == 0 && S_ISREG(st.st_mode), "stat");
	CHECK(unlink("/tmp/file") == 0, "unlink");
	CHECK(stat("/tmp/file", &st) == -1 && errno == ENOENT, "stat after unlink");
}

static void test_errors(void)
{
	char c;
	int fd;

	errno = 0;
	CHECK(read(12345, &c, 1) == -1 && errno == EBADF, "read from bad fd");
	fd = open("/tmp/efault", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "open");
	CHECK(write(fd, "x", 1) == 1 && lseek(fd, 0, SEEK_SET) == 0, "prepare");
	errno = 0;
	CHECK(read(fd, NULL, 1) == -1 && errno == EFAULT, "read into NULL");
	errno = 0;
	CHECK(write(fd, NULL, 1) == -1 && errno == EFAULT, "write from NULL");
	errno = 0;
	CHECK(read(fd, KERNEL_POINTER, 1) == -1 && errno == EFAULT, "read into a kernel pointer");
	errno = 0;
	CHECK(write(fd, KERNEL_POINTER, 1) == -1 && errno == EFAULT, "write from a kernel pointer");
	errno = 0;
	CHECK(open(KERNEL_POINTER, O_RDONLY) == -1 && errno == EFAULT, "open with a kernel pointer path");
	close(fd);
	unlink("/tmp/efault");
	errno = 0;
	CHECK(syscall(999) == -1 && errno == ENOSYS, "unknown system call number");
	/*
	 * Numbers past the UKL entry table, and one that aliases a bypassed
	 * call modulo the table: refused as on stock. The kernel takes the
	 * low 32 bits of %rax as the number, so upper bits do not matter.
	 */
	errno = 0;
	CHECK(syscall(512 + SYS_getppid) == -1 && errno == ENOSYS, "number 512 + getppid");
	errno = 0;
	CHECK(syscall(-1L) == -1 && errno == ENOSYS, "number -1");
	errno = 0;
	CHECK(syscall(0x40000000L | SYS_getppid) == -1 && errno == ENOSYS, "x32 getppid");
	CHECK(syscall((1L << 32) | SYS_getppid) == getppid(), "getppid with upper bits set");
}

static void test_malloc(void)
{
	char *small = malloc(100);
	char *large = malloc(16 << 20);	/* above the mmap threshold */

	CHECK(small && large, "malloc");
	if (!small || !large)
		return;
	memset(small, 0x5a, 100);
	memset(large, 0xa5, 16 << 20);
	CHECK(small[99] == 0x5a && large[(16 << 20) - 1] == (char)0xa5, "contents");
	free(large);
	free(small);
}

static void test_fresh_pages(void)
{
	const size_t size = 64 << 20;
	uint64_t sum = 0;
	char *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap 64 MiB");
	if (p == MAP_FAILED)
		return;
	for (size_t i = 0; i < size; i += 4096)
		p[i] = (char)(i >> 12);
	for (size_t i = 0; i < size; i += 4096)
		sum += (unsigned char)p[i];
	/* 16384 pages, each holding its page number mod 256 */
	CHECK(sum == 64 * (255 * 256 / 2), "sum of touched pages %llu",
	      (unsigned long long)sum);
	CHECK(munmap(p, size) == 0, "munmap");
}

/* Each level keeps 1 KiB live on the stack, so the compiler cannot fold it. */
static unsigned long recurse(int depth)
{
	volatile unsigned char frame[1024];

	frame[0] = (unsigned char)depth;
	frame[1023] = (unsigned char)(depth >> 8);
	if (depth == 0)
		return frame[0];
	return recurse(depth - 1) + frame[0] + frame[1023];
}

static void test_deep_stack(void)
{
	/* 5000 levels of more than 1 KiB: over 4 MiB of stack. */
	unsigned long expect = 0;

	for (int d = 1; d <= 5000; d++)
		expect += (unsigned char)d + (unsigned char)(d >> 8);
	CHECK(recurse(5000) == expect, "recursion result");
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void test_time(void)
{
	struct timespec t0, t1, nap = { 0, 20 * 1000 * 1000 };
	struct utsname u;

	CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0, "clock_gettime");
	CHECK(nanosleep(&nap, NULL) == 0, "nanosleep");
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0, "clock_gettime");
	CHECK(elapsed(&t0, &t1) >= 0.020 && elapsed(&t0, &t1) < 5.0,
	      "slept %.3f s for 0.020 s", elapsed(&t0, &t1));
	CHECK(uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0 &&
	      strcmp(u.machine, "x86_64") == 0, "uname %s %s", u.sysname, u.machine);
}

static void test_processes(void)
{
	int status = -1;
	pid_t child;

	CHECK(getpid() == 1, "getpid %d", (int)getpid());
	CHECK(getppid() == 0, "getppid %d", (int)getppid());
	child = fork();
	if (child == 0)
		_exit(getppid() == 1 ? 42 : 1);
	CHECK(child > 1, "fork");
	CHECK(waitpid(child, &status, 0) == child, "waitpid");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "child status %#x", status);
}

static void test_pipes(void)
{
	int to_child[2], to_parent[2], status = -1;
	char buf[32] = { 0 };
	pid_t child;

	CHECK(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe");
	child = fork();
	if (child == 0) {
		char in[32] = { 0 };
		ssize_t n = read(to_child[0], in, sizeof(in) - 1);

		for (ssize_t i = 0; i < n; i++)
			in[i] = (char)(in[i] - 'a' + 'A');
		_exit(write(to_parent[1], in, n) == n ? 0 : 1);
	}
	CHECK(write(to_child[1], "ping", 4) == 4, "write to child");
	CHECK(read(to_parent[0], buf, sizeof(buf) - 1) == 4 && strcmp(buf, "PING") == 0,
	      "reply '%s'", buf);
	CHECK(waitpid(child, &status, 0) == child && status == 0, "child status %#x", status);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/*
 * glibc registers the main thread's rseq area at start, sized and aligned
 * from AT_RSEQ_FEATURE_SIZE and AT_RSEQ_ALIGN, and leaves __rseq_size 0
 * if the kernel refused it. The kernel then keeps cpu_id current.
 */
static void test_rseq(void)
{
	volatile struct rseq *rs;
	unsigned long align = getauxval(AT_RSEQ_ALIGN);
	int same = 0;

	CHECK(align >= 32 && (align & (align - 1)) == 0, "AT_RSEQ_ALIGN %lu", align);
	CHECK(getauxval(AT_RSEQ_FEATURE_SIZE) >= 20, "AT_RSEQ_FEATURE_SIZE %lu",
	      getauxval(AT_RSEQ_FEATURE_SIZE));
	CHECK(__rseq_size > 0, "__rseq_size %u: glibc's rseq registration failed", __rseq_size);
	if (__rseq_size == 0)
		return;
	rs = (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
	/* A migration between the two reads can differ once; not every time. */
	for (int i = 0; i < 10; i++)
		same += (int)rs->cpu_id == sched_getcpu();
	CHECK(same > 0, "rseq cpu_id %u, sched_getcpu %d", rs->cpu_id, sched_getcpu());
}

int main(void)
{
	ktap_plan(9);
	ktap_run("files on tmpfs", test_files);
	ktap_run("errors: EBADF, EFAULT, ENOSYS", test_errors);
	ktap_run("malloc small and large", test_malloc);
	ktap_run("64 MiB of fresh pages", test_fresh_pages);
	ktap_run("stack recursion over 4 MiB", test_deep_stack);
	ktap_run("clock_gettime, nanosleep, uname", test_time);
	ktap_run("getpid, getppid, fork, waitpid", test_processes);
	ktap_run("pipes between parent and child", test_pipes);
	ktap_run("rseq registered by glibc, cpu_id kept", test_rseq);
	return ktap_done();
}
