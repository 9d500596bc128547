/*
 * mm_test.c - see mm_test.h.
 */
#include "tests/kernel/mm_test.h"
#include "kernel/x86.h"

enum fault_result simulate_fault(unsigned long addr, u64 error_code)
{
	extern const char simulated_fault_insn[];
	struct pt_regs regs = {
		.vector = X86_TRAP_PF,
		.error_code = error_code,
		.cs = GDT_KERNEL_CS,
		.rflags = X86_EFLAGS_FIXED | X86_EFLAGS_AC,
	};

	/* An instruction with a fixup, so the handler treats the fault as
	 * a user access made by the kernel on the test's behalf. */
	__asm__ __volatile__("jmp 2f\n"
			     ".globl simulated_fault_insn\n"
			     "simulated_fault_insn: nop\n"
			     "2:\n\t" _ASM_EXTABLE(simulated_fault_insn, 2b));
	regs.rip = (u64)simulated_fault_insn;
	do_page_fault(&regs, addr);
	return last_fault_report()->result;
}
