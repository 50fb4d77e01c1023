// SPDX-License-Identifier: GPL-2.0
/*
 * prebuilt-lib: code the app did not compile runs as well: Debian's libz.a,
 * built with the host's compiler and its defaults (red zone included), is
 * linked in and round-trips a buffer.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "ring.h"

int main(void)
{
	static unsigned char in[1 << 16], packed[1 << 17], out[1 << 16];
	uLongf packed_len = sizeof(packed), out_len = sizeof(out);
	unsigned int i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = "unikernel "[i % 10] ^ (i >> 12);
	if (compress2(packed, &packed_len, in, sizeof(in), 9) != Z_OK ||
	    uncompress(out, &out_len, packed, packed_len) != Z_OK)
		return 1;
	printf("prebuilt-lib: cpl=%u zlib %s: %zu bytes -> %lu -> %lu, %s\n", cpl(), zlibVersion(),
	       sizeof(in), packed_len, out_len,
	       out_len == sizeof(in) && !memcmp(in, out, sizeof(in)) ? "identical" : "DIFFERENT");
	return 0;
}
