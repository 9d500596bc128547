/*
 * procfs.h - the few /proc files faultline has, with Linux's formats, so
 * user programs observe paging the way they would on Linux:
 *
 *   /proc/self/pagemap   8 bytes per virtual page: bit 63 present, 62
 *                        swapped, 56 mapped exclusively, 55 soft-dirty,
 *                        bits 0-54 the frame (present) or the swap type
 *                        (bits 0-4) and offset (bits 5-54)
 *   /proc/meminfo        MemTotal MemFree SwapTotal SwapFree SwapCached
 *   /proc/vmstat         pgfault pgmajfault pswpin pswpout (+ faultline's
 *                        cow_copy cow_reuse zero_page_map)
 *   /proc/faultline/trace  read: the trace categories on; write: set them
 *                        ("swap,cow", "all", "none") - trace= at run time
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include "kernel/file.h"

/* Is this canonical path under /proc? */
bool procfs_path(const char *canon);
/* Open a /proc file: its struct file, or an ERR_PTR-like NULL with *err. */
struct file *procfs_open(const char *canon, unsigned int flags, int *err);
/* The pagemap entry of one virtual page of mm (exposed for tests). */
struct mm_struct;
u64 pagemap_entry(struct mm_struct *mm, unsigned long addr);

#define PM_PRESENT BIT(63)
#define PM_SWAP BIT(62)
#define PM_MMAP_EXCLUSIVE BIT(56)
#define PM_SOFT_DIRTY BIT(55)
#define PM_PFRAME_MASK ((1UL << 55) - 1)
#define PM_SWAP_TYPE_BITS 5

#endif
