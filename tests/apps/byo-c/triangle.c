// SPDX-License-Identifier: GPL-2.0
int triangle(int n)
{
	return n * (n + 1) / 2;
}
