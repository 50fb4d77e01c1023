// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "words.h"

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++)
		total += count_words(argv[i]);
	printf("%s: %d words in %d arguments\n", GREETING, total, argc - 1);
	return 0;
}
