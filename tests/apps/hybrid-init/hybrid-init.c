// SPDX-License-Identifier: GPL-2.0
/*
 * hybrid-init: a ring-3 init for the hybrid layout. It starts the app with
 * execve("/ukl") in a child, runs beside it in ring 3, and talks to it
 * through two pipes (fd 3: to the app, fd 4: from the app), then waits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/wait.h>

#include "ring.h"

int main(int argc, char **argv)
{
	int go[2], ready[2], status;
	char buf[8] = { 0 };
	pid_t app;

	printf("hybrid-init: pid=%d cpl=%u\n", (int)getpid(), cpl());
	if (pipe(go) || pipe(ready))
		return 1;
	fflush(stdout);
	app = fork();
	if (app == 0) {
		/* Move the app's ends out of the way, then to fds 3 and 4. */
		int in = fcntl(go[0], F_DUPFD, 10), out = fcntl(ready[1], F_DUPFD, 10);

		if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
			_exit(126);
		argv[0] = "/ukl";
		execv("/ukl", argv);
		perror("hybrid-init: execv /ukl");
		_exit(127);
	}
	close(go[0]);
	close(ready[1]);
	if (read(ready[0], buf, sizeof(buf) - 1) != 5)
		return 1;
	/* The app is blocked reading the pipe: this runs beside it. */
	printf("hybrid-init: ring-3 work beside the app (pid %d), cpl=%u\n", (int)app, cpl());
	fflush(stdout);
	if (write(go[1], "go", 2) != 2)
		return 1;
	if (waitpid(app, &status, 0) != app)
		return 1;
	printf("hybrid-init: app exited with status %d\n", WEXITSTATUS(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
