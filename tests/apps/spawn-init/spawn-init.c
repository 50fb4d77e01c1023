// SPDX-License-Identifier: GPL-2.0
/*
 * spawn-init: a ring-3 init that runs the app like a shell would: it
 * executes /ukl with the same arguments in a child, waits for it and exits
 * with the status a shell reports (128 + N for signal N). Apps that must
 * not be PID 1 use it: init cannot be killed by most signals.
 */
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int status;
	pid_t app;

	app = fork();
	if (app == 0) {
		argv[0] = "/ukl";
		execv("/ukl", argv);
		perror("spawn-init: execv /ukl");
		_exit(127);
	}
	if (app < 0 || waitpid(app, &status, 0) != app)
		return 126;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
