// SPDX-License-Identifier: GPL-2.0
/* ring3-helper: an ordinary program in the initramfs; prints its CPL, exits 3. */
#include <stdio.h>

#include "ring.h"

int main(int argc, char **argv)
{
	printf("ring3-helper: cpl=%u arg=%s\n", cpl(), argc > 1 ? argv[1] : "");
	return 3;
}
