// SPDX-License-Identifier: GPL-2.0
/*
 * redzone: code that keeps data in the red zone, the 128 bytes below %rsp
 * that the x86-64 ABI gives leaf functions, must find it intact: nothing
 * the kernel does, in ring 0 or not, may write there. Built with
 * -mred-zone (the ABI default, made explicit), it fills the red zone, spins
 * through many timer interrupts, and checks it; meanwhile another thread
 * makes system calls. Prints KTAP.
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "ktap.h"
#include "ring.h"

/*
 * redzone_spin(iterations): fill the 16 words below %rsp with a pattern,
 * spin, and return how many words changed. A leaf: it calls nothing.
 */
long redzone_spin(long iterations);
__asm__(".text\n"
	".globl redzone_spin\n"
	"redzone_spin:\n"
	"	movq $0x5a5a0000, %rax\n"
	"	movq $-128, %rcx\n"
	"1:	movq %rax, (%rsp,%rcx)\n"
	"	incq %rax\n"
	"	addq $8, %rcx\n"
	"	jnz 1b\n"
	"2:	decq %rdi\n"
	"	jnz 2b\n"
	"	movq $0x5a5a0000, %rdx\n"
	"	movq $-128, %rcx\n"
	"	xorl %eax, %eax\n"
	"3:	cmpq %rdx, (%rsp,%rcx)\n"
	"	je 4f\n"
	"	incq %rax\n"
	"4:	incq %rdx\n"
	"	addq $8, %rcx\n"
	"	jnz 3b\n"
	"	ret\n");

static volatile int done;

static void *syscalls(void *arg)
{
	long n = 0;

	while (!done) {
		getppid();
		n++;
	}
	return (void *)n;
}

static void test_spin(void)
{
	long changed = redzone_spin(100000000);

	printf("# %ld of 16 red-zone words changed while spinning\n", changed);
	CHECK(changed == 0, "red zone clobbered");
}

static void test_spin_beside_syscalls(void)
{
	pthread_t t;
	void *calls;
	long changed;

	pthread_create(&t, NULL, syscalls, NULL);
	changed = redzone_spin(100000000);
	done = 1;
	pthread_join(t, &calls);
	printf("# %ld words changed beside %ld system calls in a thread\n", changed, (long)calls);
	CHECK(changed == 0, "red zone clobbered");
}

int main(void)
{
	printf("redzone: cpl=%u\n", cpl());
	ktap_plan(2);
	ktap_run("spin", test_spin);
	ktap_run("spin-beside-syscalls", test_spin_beside_syscalls);
	return ktap_done();
}
