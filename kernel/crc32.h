/* crc32.h - CRC-32 (IEEE 802.3, reflected, polynomial 0xedb88320), the
 * checksum of GPT headers and entry arrays (Linux: crc32_le / efi_crc32). */
#ifndef KERNEL_CRC32_H
#define KERNEL_CRC32_H

#include "kernel/types.h"

/* Continue a running CRC over len bytes. Start with crc = 0; the result
 * is the standard CRC-32 (crc32("123456789") == 0xcbf43926). */
u32 crc32(u32 crc, const void *buf, size_t len);

#endif
