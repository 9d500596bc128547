/*
 * fault.c - do_page_fault(): from the CPU's #PF to handle_mm_fault().
 *
 * This is the only place that reads CR2 and the x86 error code; it turns
 * them into neutral FAULT_FLAG_* bits, then follows Linux's order:
 *
 *   1. reserved-bit faults are kernel bugs: die
 *   2. kernel address: a user access is SIGSEGV; a kernel one is a bug
 *      unless the instruction has an exception fixup
 *   3. user address from kernel mode: only the user-access helpers (whose
 *      instructions have fixups) may touch user memory; SMAP violations
 *      are bugs
 *   4. find_vma(); grow a stack; access_error(); handle_mm_fault()
 *
 * A fault that cannot be resolved kills the process (user mode) or
 * returns -EFAULT through the fixup (kernel mode, in a user-access helper).
 */
#include "mm/fault.h"
#include "kernel/extable.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/trace.h"
#include "kernel/traps.h"
#include "kernel/x86.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/vmscan.h"

static struct fault_report last_report;
/* A fault that found no memory reclaims this many pages and retries. */
#define SWAP_CLUSTER_PAGES 32
#define OOM_RETRIES 8

const struct fault_report *last_fault_report(void)
{
	return &last_report;
}

const char *fault_result_name(enum fault_result r)
{
	static const char *const names[] = {
		[FAULT_OK] = "resolved",
		[FAULT_MAPERR] = "SEGV_MAPERR",
		[FAULT_ACCERR] = "SEGV_ACCERR",
		[FAULT_OOM] = "out of memory",
		[FAULT_SIGBUS] = "SIGBUS",
	};
	return names[r];
}

/*
 * Linux's access_error(): may this access happen in this VMA at all?
 * A write needs VM_WRITE. A non-write fault on a PRESENT page is always an
 * error (PROT_NONE, or an instruction fetch from an NX page - the PTE
 * enforces NX). A fault on a non-present page needs some access.
 */
static bool access_error(u64 error_code, struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

static unsigned int fault_flags(const struct pt_regs *regs, u64 error_code)
{
	unsigned int flags = 0;

	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	/* Linux decides "user" from the saved CS, not the U bit. */
	flags |= user_mode(regs) ? FAULT_FLAG_USER : FAULT_FLAG_REMOTE;
	return flags;
}

static void report(enum fault_result r, unsigned long addr,
		   const struct pt_regs *regs, const char *reason)
{
	last_report = (struct fault_report){
		.result = r,
		.address = addr,
		.error_code = regs->error_code,
		.user = user_mode(regs),
		.reason = reason,
	};
}

/* The fault cannot be resolved: kill the task, or fix up, or die. */
static void bad_area(struct pt_regs *regs, unsigned long addr,
		     enum fault_result r, const char *reason)
{
	report(r, addr, regs, reason);
	if (user_mode(regs)) {
		user_exception(regs, addr);
		return;
	}
	if (fixup_exception(regs, addr))
		return;
	pr_emerg("BUG: kernel fault at %p: %s\n", (void *)addr, reason);
	die(regs, addr);
}

static vm_fault_t fault_in_vma(struct mm_struct *mm, struct pt_regs *regs,
			       unsigned long addr, enum fault_result *r,
			       const char **why)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma) {
		*r = FAULT_MAPERR, *why = "no VMA at this address";
		return VM_FAULT_SIGSEGV;
	}
	if (vma->vm_start > addr && expand_stack(vma, addr)) {
		*r = FAULT_MAPERR, *why = "no VMA here (the one above is not a stack)";
		return VM_FAULT_SIGSEGV;
	}
	if (unlikely(trace_mask & TRACE_FAULT)) {
		char f[96], prot[48];
		vm_flags_describe(vma->vm_flags, f, sizeof(f));
		pgprot_describe(pgprot_val(vma->vm_page_prot), prot,
				sizeof(prot));
		trace(TRACE_FAULT, "  find_vma: %#lx-%#lx %s, vm_page_prot %s",
		      vma->vm_start, vma->vm_end, f, prot);
	}
	if (access_error(regs->error_code, vma)) {
		*r = FAULT_ACCERR, *why = regs->error_code & X86_PF_WRITE
			? "write to an area without VM_WRITE"
			: regs->error_code & X86_PF_INSTR
			? "instruction fetch from a non-executable page"
			: "access to an area that allows none";
		return VM_FAULT_SIGSEGV;
	}
	vm_fault_t ret = handle_mm_fault(vma, addr,
					 fault_flags(regs, regs->error_code));
	if (ret & VM_FAULT_OOM)
		*r = FAULT_OOM, *why = "out of memory";
	else if (ret & VM_FAULT_SIGBUS)
		*r = FAULT_SIGBUS, *why = "page data unavailable";
	return ret;
}

static void do_user_addr_fault(struct pt_regs *regs, unsigned long addr)
{
	struct mm_struct *mm = active_mm();
	enum fault_result r = FAULT_OK;
	const char *why = NULL;

	if (!user_mode(regs) && !fixup_exists(regs->rip)) {
		pr_emerg("BUG: kernel access to user address %p outside the "
			 "user-access helpers\n", (void *)addr);
		die(regs, addr);
		return;
	}
	if (!user_mode(regs) && (regs->error_code & X86_PF_PROT) &&
	    cpu_has_smap() && !(regs->rflags & X86_EFLAGS_AC)) {
		bad_area(regs, addr, FAULT_ACCERR, "SMAP: kernel touched a "
			 "user page without user_access_begin()");
		return;
	}
	if (!mm) {
		bad_area(regs, addr, FAULT_MAPERR, "no user address space");
		return;
	}
	if (unlikely(trace_mask & TRACE_FAULT)) {
		char bits[96];
		decode_pf_error(regs->error_code, bits, sizeof(bits));
		trace(TRACE_FAULT, "pid %d (%s): page fault at %#lx, rip %#lx: "
		      "%s", current->pid, current->comm, addr, regs->rip, bits);
	}
	vm_fault_t ret;
	for (int tries = 0;; tries++) {
		mutex_lock(&mm->mmap_lock);
		ret = fault_in_vma(mm, regs, addr, &r, &why);
		mutex_unlock(&mm->mmap_lock);
		/* Out of memory: reclaim (outside the lock) and try again. */
		if (!(ret & VM_FAULT_OOM) || tries == OOM_RETRIES ||
		    !try_to_free_pages(SWAP_CLUSTER_PAGES))
			break;
	}
	if (ret & VM_FAULT_ERROR) {
		trace(TRACE_FAULT, "  refused: %s (%s)", why,
		      fault_result_name(r));
		bad_area(regs, addr, r, why);
	} else {
		trace(TRACE_FAULT, "  resolved (%s fault)",
		      ret & VM_FAULT_MAJOR ? "major" : "minor");
		report(FAULT_OK, addr, regs, "resolved");
	}
}

void do_page_fault(struct pt_regs *regs, u64 cr2)
{
	unsigned long addr = cr2;

	/* The CPU entered with interrupts off (an interrupt gate), CR2 is
	 * saved: if the faulting code had them on, turn them back on, so a
	 * fault that waits for the disk sleeps and others run. */
	if (regs->rflags & X86_EFLAGS_IF)
		local_irq_enable();

	if (regs->error_code & X86_PF_RSVD) {
		pr_emerg("BUG: reserved bit set in a page-table entry\n");
		die(regs, cr2);
		return;
	}
	if (addr >= TASK_SIZE) {
		if (user_mode(regs))
			bad_area(regs, addr, FAULT_MAPERR,
				 "user access to a kernel address");
		else
			die(regs, cr2); /* fixup or panic */
		return;
	}
	do_user_addr_fault(regs, addr);
}
