/* SPDX-License-Identifier: GPL-2.0 */
/* The privilege level the app runs at: 0 under UKL, 3 on stock Linux. */
#ifndef UKL_RING_H
#define UKL_RING_H

static inline unsigned int cpl(void)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

#endif
