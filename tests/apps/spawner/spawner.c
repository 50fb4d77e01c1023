// SPDX-License-Identifier: GPL-2.0
/*
 * spawner: starts other programs from the app, as its argument says:
 *   spawn     posix_spawn /bin/ring3-helper (an ordinary ring-3 program)
 *             and wait for it
 *   exec-ukl  execute /bin/other-ukl, a program built for UKL, from a file:
 *             the kernel must refuse it (EPERM); only the app linked into
 *             the kernel runs in ring 0
 */
#include <errno.h>
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
			_exit(errno);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			return 1;
		printf("spawner: exec of another UKL app: %s\n", strerror(WEXITSTATUS(status)));
		return WEXITSTATUS(status) == EPERM ? 0 : 1;
	}
	return 2;
}
