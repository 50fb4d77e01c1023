// SPDX-License-Identifier: GPL-2.0
/* app-config: kcmp(2) exists only because of this app's app.config. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/kcmp.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long kcmp(pid_t a, pid_t b, int type)
{
	return syscall(SYS_kcmp, a, b, type, 0, 0);
}

int main(void)
{
	pid_t self = getpid(), child;
	long same, other;
	int pipefd[2];

	if (pipe(pipefd))
		return 1;
	child = fork();
	if (child == 0) {
		char c;

		close(pipefd[1]);
		read(pipefd[0], &c, 1);	/* live until the parent compared */
		_exit(0);
	}
	same = kcmp(self, self, KCMP_VM);
	if (same < 0) {
		printf("app-config: kcmp: %s\n", strerror(errno));
		return 1;
	}
	other = kcmp(self, child, KCMP_VM);
	close(pipefd[1]);
	waitpid(child, NULL, 0);
	printf("app-config: kcmp(self, self, KCMP_VM) = %ld\n", same);
	printf("app-config: kcmp(self, child, KCMP_VM) %s\n", other > 0 ? "> 0" : "<= 0");
	return 0;
}
