// SPDX-License-Identifier: GPL-2.0
/* A bring-your-own app made of plain C sources in two files. */
#include <stdio.h>

int triangle(int n);

int main(int argc, char **argv)
{
	printf("byo-c: triangle(%d)=%d\n", argc, triangle(argc));
	return 5;
}
