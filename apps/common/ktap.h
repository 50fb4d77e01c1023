/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal KTAP output for self-checking test apps.
 *
 *	static void test_x(void) { CHECK(cond, "what %d", v); }
 *	int main(void) { ktap_plan(1); ktap_run("x", test_x); return ktap_done(); }
 *
 * A test fails if any CHECK fails; failures print "# " diagnostics.
 */
#ifndef UKL_KTAP_H
#define UKL_KTAP_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int ktap_failed_checks, ktap_number, ktap_passed, ktap_failed;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			ktap_failed_checks++;				\
			printf("# %s:%d: check failed: %s: ", __func__,	\
			       __LINE__, #cond);			\
			printf(__VA_ARGS__);				\
			printf(" (errno %d: %s)\n", errno, strerror(errno)); \
		}							\
	} while (0)

static inline void ktap_plan(int n)
{
	printf("KTAP version 1\n1..%d\n", n);
	fflush(stdout);
}

static inline void ktap_run(const char *name, void (*fn)(void))
{
	ktap_failed_checks = 0;
	fn();
	ktap_number++;
	if (ktap_failed_checks) {
		ktap_failed++;
		printf("not ok %d - %s\n", ktap_number, name);
	} else {
		ktap_passed++;
		printf("ok %d - %s\n", ktap_number, name);
	}
	fflush(stdout);
}

static inline int ktap_done(void)
{
	printf("%d passed, %d failed\n", ktap_passed, ktap_failed);
	fflush(stdout);
	/* An app that is init ends the machine: let the console drain first. */
	tcdrain(STDOUT_FILENO);
	return ktap_failed ? 1 : 0;
}

#endif
