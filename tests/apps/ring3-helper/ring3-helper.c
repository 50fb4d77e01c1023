// SPDX-License-Identifier: GPL-2.0
/* ring3-helper: an ordinary program in the initramfs; prints its CPL, exits 3. */
#include <stdio.h>

int main(int argc, char **argv)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	printf("ring3-helper: cpl=%u arg=%s\n", cs & 3, argc > 1 ? argv[1] : "");
	return 3;
}
