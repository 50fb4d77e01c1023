// SPDX-License-Identifier: GPL-2.0
/*
 * exits: ends the way its argument says, to check exit statuses:
 *   thread-exit  a non-main thread calls exit(5) while main waits
 *   group-exit   main returns 6 while other threads still run
 *   signal       SIGTERM, uncaught, kills the process (143 from a shell)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *exit_from_thread(void *arg)
{
	usleep(10000);
	exit(5);
	return arg;
}

static void *spin(void *arg)
{
	for (;;)
		;
	return arg;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "";
	pthread_t t;

	printf("exits: %s\n", how);
	fflush(stdout);
	if (!strcmp(how, "thread-exit")) {
		pthread_create(&t, NULL, exit_from_thread, NULL);
		pause();
	} else if (!strcmp(how, "group-exit")) {
		for (int i = 0; i < 4; i++)
			pthread_create(&t, NULL, spin, NULL);
		usleep(20000);
		return 6;
	} else if (!strcmp(how, "signal")) {
		pthread_create(&t, NULL, spin, NULL);
		kill(getpid(), SIGTERM);
		pause();
	}
	return 1;
}
