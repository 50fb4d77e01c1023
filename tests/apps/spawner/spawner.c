// SPDX-License-Identifier: GPL-2.0
/*
 * spawner: starts other programs from the app, as its argument says:
 *   spawn     posix_spawn /bin/ring3-helper (an ordinary ring-3 program)
 *             and wait for it
 *   exec-ukl  execute /bin/other-ukl, a program built for UKL, from a file:
 *             it runs as an ordinary ring-3 program, which has no kernel
 *             entries, and its start code stops it with an invalid opcode
 *             (SIGILL); only the app linked into the kernel runs in ring 0
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";
	int status = -1;
	pid_t pid;

	if (!strcmp(how, "spawn")) {
		char *args[] = { "ring3-helper", "from-the-app", NULL };
		int err = posix_spawn(&pid, "/bin/ring3-helper", NULL, NULL, args, environ);

		if (err) {
			printf("spawner: posix_spawn: %s\n", strerror(err));
			return 1;
		}
		if (waitpid(pid, &status, 0) != pid)
			return 1;
		printf("spawner: ring3-helper exited with %d\n", WEXITSTATUS(status));
		return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 0 : 1;
	}
	if (!strcmp(how, "exec-ukl")) {
		pid = fork();
		if (pid == 0) {
			execl("/bin/other-ukl", "other-ukl", NULL);
			printf("spawner: execl: %s\n", strerror(errno));
			_exit(1);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status))
			return 1;
		printf("spawner: another UKL app run from a file: killed by SIG%s\n",
		       sigabbrev_np(WTERMSIG(status)));
		return WTERMSIG(status) == SIGILL ? 0 : 1;
	}
	return 2;
}
