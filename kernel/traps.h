/*
 * traps.h - CPU exceptions, the saved register frame, page-fault error bits.
 */
#ifndef KERNEL_TRAPS_H
#define KERNEL_TRAPS_H

#include "kernel/types.h"

/* The registers of the interrupted context, as kernel/entry.asm saves them. */
struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u64 vector; /* pushed by our stub */
	u64 error_code; /* pushed by the CPU, or 0 */
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* Exception vectors (Intel SDM vol. 3, table 6-1). */
enum x86_trap {
	X86_TRAP_DE = 0, /* divide error */
	X86_TRAP_DB = 1, /* debug */
	X86_TRAP_NMI = 2,
	X86_TRAP_BP = 3, /* int3 breakpoint (a trap: rip is past it) */
	X86_TRAP_OF = 4,
	X86_TRAP_BR = 5,
	X86_TRAP_UD = 6, /* invalid opcode */
	X86_TRAP_NM = 7,
	X86_TRAP_DF = 8, /* double fault */
	X86_TRAP_TS = 10,
	X86_TRAP_NP = 11,
	X86_TRAP_SS = 12,
	X86_TRAP_GP = 13, /* general protection */
	X86_TRAP_PF = 14, /* page fault */
	X86_TRAP_MF = 16,
	X86_TRAP_AC = 17,
	X86_TRAP_MC = 18,
	X86_TRAP_XF = 19,
	X86_TRAP_VE = 20,
	X86_TRAP_CP = 21,
	NR_EXCEPTIONS = 32,
};

/*
 * Page-fault error code (pushed by the CPU on #PF). mm/fault.c turns these
 * into neutral FAULT_FLAG_* values at the edge; nothing else reads them.
 */
#define X86_PF_PROT BIT(0) /* 0: page not present, 1: protection violation */
#define X86_PF_WRITE BIT(1) /* the access was a write */
#define X86_PF_USER BIT(2) /* the access came from ring 3 */
#define X86_PF_RSVD BIT(3) /* a reserved bit was set in a paging entry */
#define X86_PF_INSTR BIT(4) /* instruction fetch */

void idt_init(void);
void trap_dispatch(struct pt_regs *regs);
const char *trap_name(unsigned vector);
/* Print the decoded report of an exception (no panic). */
void show_trap(const struct pt_regs *regs, u64 cr2);
/* "P W U RSVD I" style decoding of a #PF error code into buf. */
void decode_pf_error(u64 error_code, char *buf, size_t size);
/* A kernel-mode exception nobody handles: fixup, or report and panic. */
void die(struct pt_regs *regs, u64 cr2);

/* Where trap_dispatch() sends what it cannot handle itself. */
void do_page_fault(struct pt_regs *regs, u64 cr2);
/* An exception in user mode: kill the current task with a reason. */
void user_exception(struct pt_regs *regs, u64 cr2);
/* Returning to user mode: reschedule, deliver fatal signals. */
void exit_to_user_mode(struct pt_regs *regs);

#endif
