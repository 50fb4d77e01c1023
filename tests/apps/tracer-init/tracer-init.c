// SPDX-License-Identifier: GPL-2.0
/*
 * tracer-init: a ring-3 init that debugs the app (hybrid layout) with
 * ptrace, as gdb does: it stops the app at its int3 and checks its
 * registers and their 64-bit regset, sets a software breakpoint in the
 * app's code and steps over it, single-steps, and sets a hardware
 * watchpoint. Prints KTAP.
 */
#include <elf.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "ktap.h"

static pid_t app;
static struct user_regs_struct at_int3;

/* Resume the app and wait for its next stop; returns the stop signal. */
static int resume(int request)
{
	int status;

	if (ptrace(request, app, NULL, NULL) || waitpid(app, &status, 0) != app)
		return -1;
	return WIFSTOPPED(status) ? WSTOPSIG(status) : -2;
}

static void test_int3(void)
{
	struct user_regs_struct regs;
	struct iovec iov = { &regs, sizeof(regs) };

	CHECK(resume(PTRACE_CONT) == SIGTRAP, "no SIGTRAP at the app's int3");
	CHECK(ptrace(PTRACE_GETREGS, app, NULL, &at_int3) == 0, "GETREGS");
	printf("# cs %#llx, rip %s the instruction after int3\n", at_int3.cs,
	       at_int3.rip == at_int3.rdx ? "at" : "not at");
	CHECK(at_int3.rip == at_int3.rdx, "rip %#llx, expected %#llx", at_int3.rip, at_int3.rdx);
	CHECK(ptrace(PTRACE_GETREGSET, app, (void *)NT_PRSTATUS, &iov) == 0, "GETREGSET");
	CHECK(iov.iov_len == sizeof(regs), "regset of %zu bytes: not 64-bit", iov.iov_len);
	CHECK(regs.rip == at_int3.rip && regs.rsp == at_int3.rsp, "regset differs from GETREGS");
	/* Writing the registers back as read must work (gdb does it). */
	CHECK(ptrace(PTRACE_SETREGS, app, NULL, &at_int3) == 0, "SETREGS of unchanged registers");
}

static void test_breakpoint(void)
{
	unsigned long bp = at_int3.rbx;
	struct user_regs_struct regs;
	long orig = ptrace(PTRACE_PEEKTEXT, app, (void *)bp, NULL);
	int i;

	CHECK(ptrace(PTRACE_POKETEXT, app, (void *)bp, (void *)((orig & ~0xffL) | 0xcc)) == 0,
	      "POKETEXT int3 into the app's code");
	CHECK(resume(PTRACE_CONT) == SIGTRAP, "no SIGTRAP at the breakpoint");
	ptrace(PTRACE_GETREGS, app, NULL, &regs);
	CHECK(regs.rip == bp + 1, "rip %#llx, expected %#lx", regs.rip, bp + 1);
	/* Take the breakpoint out, back up over it, step the real instruction. */
	CHECK(ptrace(PTRACE_POKETEXT, app, (void *)bp, (void *)orig) == 0, "POKETEXT back");
	regs.rip = bp;
	CHECK(ptrace(PTRACE_SETREGS, app, NULL, &regs) == 0, "SETREGS rip");
	for (i = 0; i < 3; i++) {
		unsigned long before = regs.rip;

		CHECK(resume(PTRACE_SINGLESTEP) == SIGTRAP, "no SIGTRAP after a step");
		ptrace(PTRACE_GETREGS, app, NULL, &regs);
		CHECK(regs.rip != before, "a step did not advance rip");
	}
	printf("# stepped over the breakpoint and 2 more instructions\n");
}

static void test_watchpoint(void)
{
	unsigned long var = at_int3.rax;
	long dr6;
	size_t dr = offsetof(struct user, u_debugreg);

	/* DR0 = the variable; DR7: L0, break on write (RW0=01), 4 bytes (LEN0=11). */
	CHECK(ptrace(PTRACE_POKEUSER, app, (void *)dr, (void *)var) == 0, "DR0");
	CHECK(ptrace(PTRACE_POKEUSER, app, (void *)(dr + 7 * 8), (void *)0xd0001L) == 0, "DR7");
	CHECK(resume(PTRACE_CONT) == SIGTRAP, "no SIGTRAP at the watchpoint");
	dr6 = ptrace(PTRACE_PEEKUSER, app, (void *)(dr + 6 * 8), NULL);
	printf("# watchpoint %s\n", dr6 & 1 ? "hit" : "not hit");
	CHECK(dr6 & 1, "DR6 %#lx", dr6);
	ptrace(PTRACE_POKEUSER, app, (void *)(dr + 7 * 8), NULL);
}

int main(int argc, char **argv)
{
	int status;

	setvbuf(stdout, NULL, _IOLBF, 0);
	app = fork();
	if (app == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execl("/ukl", "/ukl", NULL);
		_exit(127);
	}
	/* Stopped at the exec. */
	if (waitpid(app, &status, 0) != app || !WIFSTOPPED(status))
		return 1;
	ktap_plan(3);
	ktap_run("int3-and-regs", test_int3);
	ktap_run("breakpoint-and-steps", test_breakpoint);
	ktap_run("watchpoint", test_watchpoint);
	ptrace(PTRACE_CONT, app, NULL, NULL);
	if (waitpid(app, &status, 0) != app || !WIFEXITED(status))
		printf("# the app did not exit normally: status %#x\n", status);
	else
		printf("# the app exited with %d\n", WEXITSTATUS(status));
	return ktap_done();
}
