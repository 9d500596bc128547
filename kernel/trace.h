/*
 * trace.h - the explain trace: each decision of the fault, swap, COW,
 * fork and reclaim paths in plain words, one line per step, with the
 * values that drove it.
 *
 *	trace=fault,swap,cow,fork,reclaim  (any subset; trace=all)
 *
 * on the kernel command line, or at run time by writing the same words to
 * /proc/faultline/trace. Off by default; when off, a trace point costs one
 * test of trace_mask (the one global variable other subsystems read,
 * deliberately: a function call per trace point would cost more).
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include "kernel/types.h"

#define TRACE_FAULT BIT(0) /* every page fault and how it was resolved */
#define TRACE_SWAP BIT(1) /* swap-in and the PTE it rebuilds */
#define TRACE_COW BIT(2) /* do_wp_page: reuse or copy, and why */
#define TRACE_FORK BIT(3) /* what fork shared, protected, duplicated */
#define TRACE_RECLAIM BIT(4) /* swap-out: slot, unmap, write */
#define TRACE_ALL 0x1f

extern unsigned int trace_mask;

__printf(2, 3) void trace_printk(unsigned int cat, const char *fmt, ...);

#define trace(cat, fmt, ...)                                      \
	do {                                                      \
		if (unlikely(trace_mask & (cat)))                 \
			trace_printk(cat, fmt, ##__VA_ARGS__);    \
	} while (0)

/* Parse "fault,swap" / "all" / "none" into a mask; -1 on a bad word. */
int trace_parse(const char *words);
/* "fault,swap" for the current mask, into buf. */
void trace_describe(char *buf, size_t size);
void trace_init(void); /* from trace= on the command line */

/*
 * Decoders shared by the trace and the self-tests (the GDB helpers in
 * scripts/gdb/faultline.py print the same words):
 *   present: "pfn 0x1a2b P RW US A D NX"
 *   swap:    "swap entry type 0 offset 0x2a exclusive"
 *   none:    "none"
 */
void pte_describe(u64 pte, char *buf, size_t size);
/* The permission bits alone: "P US A NX". */
void pgprot_describe(u64 prot, char *buf, size_t size);
/* "rw-p" and "VM_READ|VM_WRITE|VM_MAYREAD|..." */
void vm_flags_describe(unsigned long flags, char *buf, size_t size);

#endif
