/*
 * uaccess.h - the only way kernel code touches user memory.
 *
 * Each helper checks that the whole range lies in user space (a pointer
 * into the kernel gets -EFAULT, never kernel data), opens SMAP for the
 * copy, and lets faults happen: a fault on a user page goes through the
 * normal fault path, so a write into a COW page breaks COW and a swapped
 * page is read back, exactly as if the program had touched it. A fault
 * that cannot be resolved ends the copy through the exception fixup
 * table.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include "kernel/types.h"

#define __user /* marks a user-space pointer (documentation only) */

/* Is [addr, addr + n) entirely user space? */
bool access_ok(const void __user *addr, size_t n);

/* Both return the number of bytes NOT copied (0 = success), as Linux. */
unsigned long copy_from_user(void *to, const void __user *from, size_t n);
unsigned long copy_to_user(void __user *to, const void *from, size_t n);
/* Zero n user bytes; returns bytes not cleared. */
unsigned long clear_user(void __user *to, size_t n);
/* Copy a NUL-terminated string of at most n bytes (including the NUL).
 * Returns its length, -EFAULT, or -ENAMETOOLONG if no NUL within n. */
long strncpy_from_user(char *dst, const char __user *src, size_t n);

#endif
