// SPDX-License-Identifier: GPL-2.0
/*
 * ring0-facts: checks, from inside the UKL app, what ring 0 looks like:
 * CPL 0, SMEP and SMAP enabled in CR4, EFLAGS.AC set while app code runs,
 * the kernel's GS base (a kernel address) and the app's own FS base (TLS),
 * and kernel memory still refused to system calls. Prints KTAP.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <sys/syscall.h>

#include "ktap.h"
#include "ring.h"

#define X86_CR4_SMEP	(1UL << 20)
#define X86_CR4_SMAP	(1UL << 21)
#define X86_EFLAGS_AC	(1UL << 18)
#define MSR_GS_BASE	0xc0000101

static __thread int tls_marker = 7;

static void test_cpl(void)
{
	CHECK(cpl() == 0, "CPL %u", cpl());
}

static void test_cr4(void)
{
	unsigned long cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	CHECK(cr4 & X86_CR4_SMEP, "SMEP off: CR4 %#lx", cr4);
	CHECK(cr4 & X86_CR4_SMAP, "SMAP off: CR4 %#lx", cr4);
}

static void test_eflags_ac(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	CHECK(flags & X86_EFLAGS_AC, "EFLAGS %#lx", flags);
	/* After a system call too: the entry code cleared it and must restore it. */
	getppid();
	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	CHECK(flags & X86_EFLAGS_AC, "EFLAGS %#lx after a system call", flags);
}

static void test_gs_fs(void)
{
	uint32_t lo, hi;
	unsigned long gs, fs = 0;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_GS_BASE));
	gs = (unsigned long)hi << 32 | lo;
	CHECK(gs >> 63, "GS base %#lx is not a kernel address", gs);
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0, "arch_prctl");
	CHECK(fs && (void *)&tls_marker < (void *)fs + 4096 && tls_marker == 7,
	      "FS base %#lx, TLS at %p", fs, (void *)&tls_marker);
}

static void test_kernel_memory_refused(void)
{
	/* The app can read kernel memory itself, but system calls refuse it. */
	errno = 0;
	CHECK(write(1, (void *)0xffffffff81000000UL, 1) == -1 && errno == EFAULT,
	      "write from a kernel address");
}

int main(void)
{
	ktap_plan(5);
	ktap_run("runs at CPL 0", test_cpl);
	ktap_run("SMEP and SMAP enabled", test_cr4);
	ktap_run("EFLAGS.AC set in app code", test_eflags_ac);
	ktap_run("kernel GS base, own FS base", test_gs_fs);
	ktap_run("system calls refuse kernel addresses", test_kernel_memory_refused);
	return ktap_done();
}
