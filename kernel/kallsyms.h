/*
 * kallsyms.h - kernel text symbols, so backtraces and reports name
 * functions ("do_swap_page+0x4c/0x2b0") instead of bare addresses.
 *
 * The table is generated at link time (scripts/kallsyms.py, a two-pass
 * link in the Makefile); it holds text symbols only, and lives after .text,
 * so adding it cannot move any function.
 */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "kernel/types.h"

/* Name of the function containing addr, its offset and size; NULL if
 * addr is not in kernel text. */
const char *kallsyms_lookup(u64 addr, u64 *offset, u64 *size);
/* "name+0xoff/0xsize" or the bare address, into buf. */
void sprint_symbol(char *buf, size_t size, u64 addr);

#endif
