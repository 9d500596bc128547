/*
 * crc32.c - bitwise CRC-32: eight shifts per byte, no table. GPT checks a
 * few KiB at boot; speed does not matter, a reader seeing the algorithm
 * does.
 */
#include "kernel/crc32.h"

#define CRC32_POLY_REFLECTED 0xedb88320u

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc; /* the register starts at all ones; resuming undoes ~ */
	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLY_REFLECTED & -(crc & 1));
	}
	return ~crc;
}
