/*
 * cmdline.h - the kernel command line (from GRUB), Linux style.
 *
 * Words separated by spaces: "key=value" or a bare "flag". A value may be
 * double-quoted to contain spaces. The last occurrence of a key wins.
 * Options faultline reads are listed in README.md.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/types.h"

void cmdline_init(const char *s);
const char *cmdline(void);

/* Look up key in an arbitrary command line (testable). A bare "key" gives
 * the value "". Returns true if found; val gets the value, truncated. */
bool cmdline_find(const char *line, const char *key, char *val, size_t size);
/* The same on the boot command line. */
bool cmdline_get(const char *key, char *val, size_t size);
bool cmdline_has(const char *key);

/* "4096", "64k", "16M", "1G" (binary units). 0 or -EINVAL. */
int parse_size(const char *s, u64 *out);
/* Decimal or 0x-hex unsigned integer. 0 or -EINVAL. */
int parse_u64(const char *s, u64 *out);
/* Is item one of the comma-separated words of list? */
bool list_contains(const char *list, const char *item);

#endif
