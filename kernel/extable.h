/*
 * extable.h - exception fixups: "if this instruction faults, go there".
 *
 * An instruction that may legitimately fault (a user-memory access, a test
 * probing a protection) gets an entry in the __ex_table section:
 *
 *	asm("1: movb (%1), %0\n"
 *	    "2:\n"
 *	    _ASM_EXTABLE(1b, 2b) ...);
 *
 * When it faults in kernel mode, the trap handler finds the entry, records
 * what happened (extable_last_fault()) and resumes at the fixup address
 * instead of panicking. No entry: a kernel fault is a bug, and panics.
 */
#ifndef KERNEL_EXTABLE_H
#define KERNEL_EXTABLE_H

#include "kernel/types.h"

struct exception_table_entry {
	u64 insn; /* address of the instruction that may fault */
	u64 fixup; /* where to continue if it does */
};

#define _ASM_EXTABLE(from, to)                          \
	".pushsection __ex_table, \"a\"\n\t"            \
	".balign 8\n\t"                                 \
	".quad " #from ", " #to "\n\t"                  \
	".popsection\n\t"

/* What the most recent fixed-up fault was (one CPU: one record). */
struct fixup_record {
	int vector; /* X86_TRAP_*, or -1 if none since the last reset */
	u64 error_code;
	u64 cr2; /* the faulting address, for #PF */
	u64 rip; /* the faulting instruction */
};

struct pt_regs;
/* Apply the fixup for regs->rip, if any. Returns true if it did. */
bool fixup_exception(struct pt_regs *regs, u64 cr2);
const struct fixup_record *extable_last_fault(void);
/* Does the instruction at rip have a fixup (may it fault on purpose)? */
bool fixup_exists(u64 rip);
void extable_reset_last_fault(void);

/*
 * Probes: perform one access that may fault. Return 0 if it completed,
 * -EFAULT if it faulted (details in extable_last_fault()). For tests that
 * prove the CPU enforces a protection, and for the user-access helpers.
 */
int probe_read_u8(const void *addr, u8 *val);
int probe_write_u8(void *addr, u8 val);
/* Execute a `ret` placed at addr: faults if addr is not executable. */
int probe_exec(void *addr);
/* Execute ud2 / int3 under a fixup: returns the vector caught, or -1. */
int probe_ud2(void);
int probe_int3(void);

#endif
