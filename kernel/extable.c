/*
 * extable.c - look up and apply exception fixups; the fault probes.
 */
#include "kernel/extable.h"
#include "kernel/errno.h"
#include "kernel/traps.h"

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

static struct fixup_record last_fault = { .vector = -1 };
/* probe_exec's target: a fetch fault there returns to probe_exec's caller. */
static u64 exec_probe_target;

static const struct exception_table_entry *search_extable(u64 rip)
{
	for (const struct exception_table_entry *e = __start___ex_table;
	     e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e;
	return NULL;
}

static void record(const struct pt_regs *regs, u64 cr2)
{
	last_fault.vector = (int)regs->vector;
	last_fault.error_code = regs->error_code;
	last_fault.cr2 = cr2;
	last_fault.rip = regs->rip;
}

bool fixup_exception(struct pt_regs *regs, u64 cr2)
{
	/* #BP is a trap: the saved rip is already past the 1-byte int3. */
	u64 rip = regs->vector == X86_TRAP_BP ? regs->rip - 1 : regs->rip;
	const struct exception_table_entry *e = search_extable(rip);

	if (e) {
		record(regs, cr2);
		regs->rip = e->fixup;
		return true;
	}
	if (exec_probe_target && regs->rip == exec_probe_target) {
		/* The fetch at the call target faulted: "return" from it. */
		record(regs, cr2);
		regs->rip = *(u64 *)regs->rsp;
		regs->rsp += 8;
		regs->rax = (u64)-EFAULT;
		return true;
	}
	return false;
}

bool fixup_exists(u64 rip)
{
	return search_extable(rip) != NULL;
}

const struct fixup_record *extable_last_fault(void)
{
	return &last_fault;
}

void extable_reset_last_fault(void)
{
	last_fault.vector = -1;
}

int probe_read_u8(const void *addr, u8 *val)
{
	int err = 0;
	u8 v = 0;

	__asm__ __volatile__("1: movb (%[a]), %[v]\n\t"
			     "jmp 3f\n"
			     "2: movl %[efault], %[e]\n"
			     "3:\n\t" _ASM_EXTABLE(1b, 2b)
			     : [v] "+q"(v), [e] "+r"(err)
			     : [a] "r"(addr), [efault] "i"(-EFAULT)
			     : "memory");
	*val = v;
	return err;
}

int probe_write_u8(void *addr, u8 val)
{
	int err = 0;

	__asm__ __volatile__("1: movb %[v], (%[a])\n\t"
			     "jmp 3f\n"
			     "2: movl %[efault], %[e]\n"
			     "3:\n\t" _ASM_EXTABLE(1b, 2b)
			     : [e] "+r"(err)
			     : [a] "r"(addr), [v] "q"(val), [efault] "i"(-EFAULT)
			     : "memory");
	return err;
}

int probe_exec(void *addr)
{
	long ret;

	exec_probe_target = (u64)addr;
	/* The target holds a `ret`: rax stays 0 unless the fetch faults. */
	__asm__ __volatile__("call *%[t]"
			     : "=a"(ret)
			     : "a"(0L), [t] "r"(addr)
			     : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
			       "r11", "memory");
	exec_probe_target = 0;
	return (int)ret;
}

int probe_ud2(void)
{
	extable_reset_last_fault();
	__asm__ __volatile__("1: ud2\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b) ::: "memory");
	return last_fault.vector;
}

int probe_int3(void)
{
	extable_reset_last_fault();
	__asm__ __volatile__("1: int3\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b) ::: "memory");
	return last_fault.vector;
}
