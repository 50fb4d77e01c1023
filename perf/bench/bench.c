// SPDX-License-Identifier: GPL-2.0
/*
 * bench: LEBench-style costs of system calls and kernel operations through
 * glibc, timed with CLOCK_MONOTONIC. Under QEMU -icount shift=0,sleep=off
 * the clock advances one nanosecond per guest instruction, so there the
 * "ns" are instructions.
 *
 *   bench [--tsc] [calls [op...]]    (ops: run only these, by name)
 *
 * --tsc (the wall-clock runs of make bench): time with the TSC instead,
 * calibrated once against CLOCK_MONOTONIC between two of its steps. Under
 * TCG the guest's clock advances in steps of milliseconds, which would
 * quantise a call's cost; the TSC follows the host's.
 *
 * Runs as PID 1 (it mounts /dev, /proc and a tmpfs on /tmp itself) and
 * prints, per operation, "bench: <op> <calls> <ns per call>". On a kernel
 * with /proc/ukl-limit (CONFIG_UNIKERNEL_LINUX_LIMIT) it also prints
 * "limit: <op> <calls> <ns per call>" for the operations that are a single
 * system call: the same call's body run in a loop by the kernel itself.
 * The last line is "bench: done".
 *
 * The lines go to the kernel log (/dev/kmsg, when it can be opened) rather
 * than to stdout: printk writes the console synchronously, while a tty's
 * output is sent by interrupts, and under QEMU -icount the serial port's
 * transmit interrupts were seen to stop, losing the last lines. Boot with
 * printk.devkmsg=on so that they are not rate-limited.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <x86intrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define FAULT_PAGES 64			/* pages touched per round */

static long calls;
static int zero_rd, zero_wr, null_rd, null_wr, tmp_fd, ep_fd, ev_fd, udp_fd;
static struct sockaddr_in udp_addr;
static char buf[PAGE];
static struct timespec ts;
static struct epoll_event ep_event;

static FILE *out;

static void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(out ? out : stdout, fmt, ap);
	va_end(ap);
	fflush(out ? out : stdout);
}

static void die(const char *what)
{
	report("bench: error: %s: %s\n", what, strerror(errno));
	exit(1);
}

static unsigned long long clock_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static double tsc_ns;		/* ns per TSC tick; 0: use CLOCK_MONOTONIC */

static unsigned long long now_ns(void)
{
	return tsc_ns ? (unsigned long long)(__rdtsc() * tsc_ns) : clock_ns();
}

/* The first CLOCK_MONOTONIC value after @t, and the TSC when it was read. */
static unsigned long long clock_step(unsigned long long t, unsigned long long *tsc)
{
	unsigned long long c;

	do {
		*tsc = __rdtsc();
		c = clock_ns();
	} while (c == t);
	return c;
}

/*
 * Count TSC ticks over at least 500 ms of CLOCK_MONOTONIC, from one of
 * its steps to another, so that its coarse steps cost no precision.
 */
static void calibrate_tsc(void)
{
	unsigned long long c0, c1, t0, t1;

	c0 = clock_step(clock_ns(), &t0);
	c1 = c0;
	while (c1 - c0 < 500000000ULL)
		c1 = clock_step(c1, &t1);
	tsc_ns = (double)(c1 - c0) / (double)(t1 - t0);
}

/* One system call per iteration, with the arguments of its limit. */
struct call {
	int on;				/* 0: the operation has no limit */
	long nr;
	long args[6];
	long want;			/* the result every call must give */
};

static void run_call(const struct call *c)
{
	for (long i = 0; i < calls; i++)
		if (syscall(c->nr, c->args[0], c->args[1], c->args[2], c->args[3],
			    c->args[4], c->args[5]) != c->want)
			die("unexpected result");
}

/*
 * The single-call operations go through glibc's own wrappers, as an
 * application's would; the table gives the same call for the limit.
 */
static void op_getppid(void)
{
	for (long i = 0; i < calls; i++)
		getppid();
}

static void op_clock_gettime(void)
{
	for (long i = 0; i < calls; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
}

#define RW_OP(name, call, want)					\
	static void op_##name(void)					\
	{								\
		for (long i = 0; i < calls; i++)			\
			if (call != (want))				\
				die(#name);				\
	}
RW_OP(read_1_zero, read(zero_rd, buf, 1), 1)
RW_OP(read_4k_zero, read(zero_rd, buf, PAGE), PAGE)
RW_OP(read_1_null, read(null_rd, buf, 1), 0)
RW_OP(read_4k_null, read(null_rd, buf, PAGE), 0)
RW_OP(read_1_tmpfs, pread(tmp_fd, buf, 1, 0), 1)
RW_OP(read_4k_tmpfs, pread(tmp_fd, buf, PAGE, 0), PAGE)
RW_OP(write_1_zero, write(zero_wr, buf, 1), 1)
RW_OP(write_4k_zero, write(zero_wr, buf, PAGE), PAGE)
RW_OP(write_1_null, write(null_wr, buf, 1), 1)
RW_OP(write_4k_null, write(null_wr, buf, PAGE), PAGE)
RW_OP(write_1_tmpfs, pwrite(tmp_fd, buf, 1, 0), 1)
RW_OP(write_4k_tmpfs, pwrite(tmp_fd, buf, PAGE, 0), PAGE)

static void op_epoll_wait(void)
{
	for (long i = 0; i < calls; i++)
		if (epoll_wait(ep_fd, &ep_event, 1, 0) != 1)
			die("epoll_wait");
}

static void op_open_close(void)
{
	for (long i = 0; i < calls; i++) {
		int fd = open("/tmp/bench-file", O_RDONLY);

		if (fd < 0 || close(fd))
			die("open/close");
	}
}

static void op_mmap_munmap(void)
{
	for (long i = 0; i < calls; i++) {
		void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, PAGE))
			die("mmap/munmap");
	}
}

static void op_udp(void)
{
	for (long i = 0; i < calls; i++) {
		if (sendto(udp_fd, buf, 1, 0, (struct sockaddr *)&udp_addr,
			   sizeof(udp_addr)) != 1)
			die("sendto");
		if (recvfrom(udp_fd, buf, 1, 0, NULL, NULL) != 1)
			die("recvfrom");
	}
}

/* Pipe ping-pong: one round trip of a byte between two threads. */
static int ping[2], pong[2];

static void *pong_thread(void *arg)
{
	char c;

	(void)arg;
	while (read(ping[0], &c, 1) == 1 && c)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

static void op_pipe_pingpong(void)
{
	char c = 1;

	for (long i = 0; i < calls; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			die("pipe ping-pong");
}

static void *noop_thread(void *arg)
{
	return arg;
}

static void op_thread_create_join(void)
{
	for (long i = 0; i < calls; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, noop_thread, NULL) || pthread_join(t, NULL))
			die("pthread_create/join");
	}
}

static void op_fork_wait(void)
{
	for (long i = 0; i < calls; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0)
			_exit(7);
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 7)
			die("fork/wait");
	}
}

/*
 * Page faults, timed per page: first touches of fresh anonymous pages, and
 * of stack pages below the stack pointer (dropped again between rounds,
 * so that every round faults).
 */
static unsigned long long fault_ns;

static void op_page_fault(void)
{
	fault_ns = 0;
	for (long done = 0; done < calls; done += FAULT_PAGES) {
		char *p = mmap(NULL, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		unsigned long long t0;

		if (p == MAP_FAILED)
			die("mmap");
		t0 = now_ns();
		for (int i = 0; i < FAULT_PAGES; i++)
			p[i * PAGE] = 1;
		fault_ns += now_ns() - t0;
		munmap(p, FAULT_PAGES * PAGE);
	}
}

static char *stack_low;

static __attribute__((noinline)) void touch_stack(void)
{
	volatile char deep[FAULT_PAGES * PAGE];

	/* From the top down, as a growing stack is touched. */
	for (int i = FAULT_PAGES - 1; i >= 0; i--)
		deep[i * PAGE] = 1;
	stack_low = (char *)deep;
}

static void op_stack_fault(void)
{
	fault_ns = 0;
	for (long done = 0; done < calls; done += FAULT_PAGES) {
		unsigned long long t0 = now_ns();
		char *start;

		touch_stack();
		fault_ns += now_ns() - t0;
		start = (char *)((unsigned long)stack_low & ~(PAGE - 1UL));
		if (madvise(start, FAULT_PAGES * PAGE, MADV_DONTNEED))
			die("madvise");
	}
}

enum timing { PER_CALL, PER_PAGE };

/* scale: the heavy operations run calls/scale times. */
static const struct op {
	const char *name;
	void (*run)(void);
	enum timing timing;
	int scale;
	struct call limit;
} ops[] = {
	{ "getppid", op_getppid, PER_CALL },
	{ "clock_gettime", op_clock_gettime, PER_CALL },
	{ "read-1B-zero", op_read_1_zero, PER_CALL },
	{ "read-4K-zero", op_read_4k_zero, PER_CALL },
	{ "read-1B-null", op_read_1_null, PER_CALL },
	{ "read-4K-null", op_read_4k_null, PER_CALL },
	{ "pread-1B-tmpfs", op_read_1_tmpfs, PER_CALL },
	{ "pread-4K-tmpfs", op_read_4k_tmpfs, PER_CALL },
	{ "write-1B-zero", op_write_1_zero, PER_CALL },
	{ "write-4K-zero", op_write_4k_zero, PER_CALL },
	{ "write-1B-null", op_write_1_null, PER_CALL },
	{ "write-4K-null", op_write_4k_null, PER_CALL },
	{ "pwrite-1B-tmpfs", op_write_1_tmpfs, PER_CALL },
	{ "pwrite-4K-tmpfs", op_write_4k_tmpfs, PER_CALL },
	{ "epoll_wait-ready", op_epoll_wait, PER_CALL },
	{ "open+close", op_open_close, PER_CALL, 4 },
	{ "mmap+munmap", op_mmap_munmap, PER_CALL, 4 },
	{ "page-fault", op_page_fault, PER_PAGE, 4 },
	{ "stack-fault", op_stack_fault, PER_PAGE, 4 },
	{ "udp-sendto+recvfrom", op_udp, PER_CALL, 4 },
	{ "pipe-pingpong", op_pipe_pingpong, PER_CALL, 4 },
	{ "thread-create+join", op_thread_create_join, PER_CALL, 64 },
	{ "fork+wait", op_fork_wait, PER_CALL, 64 },
};

/* The limit arguments need the fds and buffers, known only at run time. */
static void set_limits(struct op *o)
{
	long b = (long)buf, t = (long)&ts;
	struct { const char *name; struct call c; } l[] = {
		{ "getppid", { 0, SYS_getppid, {0}, 0 } },
		{ "clock_gettime", { 0, SYS_clock_gettime, { CLOCK_MONOTONIC, t }, 0 } },
		{ "read-1B-zero", { 0, SYS_read, { zero_rd, b, 1 }, 1 } },
		{ "read-4K-zero", { 0, SYS_read, { zero_rd, b, PAGE }, PAGE } },
		{ "read-1B-null", { 0, SYS_read, { null_rd, b, 1 }, 0 } },
		{ "read-4K-null", { 0, SYS_read, { null_rd, b, PAGE }, 0 } },
		{ "pread-1B-tmpfs", { 0, SYS_pread64, { tmp_fd, b, 1, 0 }, 1 } },
		{ "pread-4K-tmpfs", { 0, SYS_pread64, { tmp_fd, b, PAGE, 0 }, PAGE } },
		{ "write-1B-zero", { 0, SYS_write, { zero_wr, b, 1 }, 1 } },
		{ "write-4K-zero", { 0, SYS_write, { zero_wr, b, PAGE }, PAGE } },
		{ "write-1B-null", { 0, SYS_write, { null_wr, b, 1 }, 1 } },
		{ "write-4K-null", { 0, SYS_write, { null_wr, b, PAGE }, PAGE } },
		{ "pwrite-1B-tmpfs", { 0, SYS_pwrite64, { tmp_fd, b, 1, 0 }, 1 } },
		{ "pwrite-4K-tmpfs", { 0, SYS_pwrite64, { tmp_fd, b, PAGE, 0 }, PAGE } },
		{ "epoll_wait-ready", { 0, SYS_epoll_wait, { ep_fd, (long)&ep_event, 1, 0 }, 1 } },
	};

	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		if (!strcmp(l[i].name, o->name)) {
			o->limit = l[i].c;
			o->limit.on = 1;
		}
}

/* The kernel runs the body <n> times: returns the ns of that write. */
static unsigned long long limit_run(int fd, const struct call *c, long n)
{
	char cmd[200];
	unsigned long long t0;
	int len;

	len = snprintf(cmd, sizeof(cmd), "%ld %ld %ld %ld %ld %ld %ld %ld", c->nr, n,
		       c->args[0], c->args[1], c->args[2], c->args[3], c->args[4],
		       c->args[5]);
	t0 = now_ns();
	if (write(fd, cmd, len) != len)
		die("/proc/ukl-limit");
	return now_ns() - t0;
}

static void setup(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct ifreq lo = { .ifr_name = "lo" };
	socklen_t alen = sizeof(a);
	pthread_t t;
	int s;

	/* As PID 1 without an initramfs, / has nothing but /dev/console. */
	mkdir("/dev", 0755);
	mkdir("/proc", 0555);
	mkdir("/tmp", 01777);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL))
		die("mount tmpfs");

	zero_rd = open("/dev/zero", O_RDONLY);
	zero_wr = open("/dev/zero", O_WRONLY);
	null_rd = open("/dev/null", O_RDONLY);
	null_wr = open("/dev/null", O_WRONLY);
	tmp_fd = open("/tmp/bench-file", O_RDWR | O_CREAT, 0644);
	if (zero_rd < 0 || zero_wr < 0 || null_rd < 0 || null_wr < 0 || tmp_fd < 0)
		die("open");
	if (pwrite(tmp_fd, buf, PAGE, 0) != PAGE)
		die("pwrite");

	ev_fd = eventfd(1, 0);
	ep_fd = epoll_create1(0);
	ep_event.events = EPOLLIN;
	if (ev_fd < 0 || ep_fd < 0 || epoll_ctl(ep_fd, EPOLL_CTL_ADD, ev_fd, &ep_event))
		die("eventfd/epoll");

	/* Loopback is down at boot. */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &lo))
		die("lo flags");
	lo.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &lo))
		die("lo up");
	close(s);
	udp_fd = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (udp_fd < 0 || bind(udp_fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(udp_fd, (struct sockaddr *)&udp_addr, &alen))
		die("udp socket");

	if (pipe(ping) || pipe(pong) || pthread_create(&t, NULL, pong_thread, NULL))
		die("pipe ping-pong");
}

int main(int argc, char **argv)
{
	int limit_fd;

	long total;
	int only, tsc = argc > 1 && !strcmp(argv[1], "--tsc");

	argc -= tsc;
	argv += tsc;
	total = argc > 1 ? atol(argv[1]) : 10000;
	only = argc > 2;
	setup();
	out = fopen("/dev/kmsg", "w");
	if (tsc) {
		calibrate_tsc();
		report("bench: timing with the TSC, %.4f ticks per ns\n", 1 / tsc_ns);
	}
	limit_fd = open("/proc/ukl-limit", O_WRONLY);

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		struct op o = ops[i];
		unsigned long long t0, t;
		int wanted = !only;

		for (int a = 2; a < argc; a++)
			wanted |= !strcmp(argv[a], o.name);
		if (!wanted)
			continue;

		calls = total / (o.scale ? o.scale : 1);
		if (o.timing == PER_PAGE)	/* whole rounds */
			calls = (calls + FAULT_PAGES - 1) / FAULT_PAGES * FAULT_PAGES;
		if (calls < 1)
			calls = 1;
		o.run();		/* warm up: page faults, caches */
		t0 = now_ns();
		o.run();
		t = o.timing == PER_PAGE ? fault_ns : now_ns() - t0;
		report("bench: %s %ld %.1f\n", o.name, calls, (double)t / calls);

		set_limits(&o);
		if (limit_fd >= 0 && o.limit.on) {
			run_call(&o.limit);	/* the args are valid */
			limit_run(limit_fd, &o.limit, calls);	/* warm up */
			t = limit_run(limit_fd, &o.limit, calls) -
			    limit_run(limit_fd, &o.limit, 0);
			report("limit: %s %ld %.1f\n", o.name, calls, (double)t / calls);
		}
	}
	report("bench: done\n");
	return 0;
}
