/*
 * syscall.c - from the `syscall` instruction to the handler and back.
 *
 * syscall_init() programs the MSRs and builds sys_call_table from the
 * SYSCALL() registrations; do_syscall_64() calls the handler with the
 * Linux register convention and stores the result in rax.
 */
#include "kernel/syscall.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/traps.h"
#include "kernel/x86.h"

extern const struct syscall_entry __start_syscalls[];
extern const struct syscall_entry __stop_syscalls[];
extern char entry_SYSCALL_64[];

static syscall_fn_t sys_call_table[NR_SYSCALLS];
static const char *sys_call_names[NR_SYSCALLS];
/* Numbers already reported as missing (log each once). */
static u64 enosys_logged[(NR_SYSCALLS + 63) / 64];

void syscall_init(void)
{
	for (const struct syscall_entry *e = __start_syscalls;
	     e < __stop_syscalls; e++) {
		BUG_ON(e->nr < 0 || e->nr >= NR_SYSCALLS);
		BUG_ON(sys_call_table[e->nr]); /* registered twice */
		sys_call_table[e->nr] = e->fn;
		sys_call_names[e->nr] = e->name;
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* STAR[47:32]: kernel CS (SS = +8); STAR[63:48]: user base, so that
	 * sysret would load CS = base + 16, SS = base + 8 (kernel/x86.h). */
	wrmsr(MSR_STAR, ((u64)GDT_KERNEL_CS << 32) |
				((u64)(GDT_USER_DS - 8) << 48));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	/* Interrupts off until the stack is switched; no DF/TF/AC leak in. */
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_DF |
					X86_EFLAGS_TF | X86_EFLAGS_AC);
}

const char *syscall_name(int nr)
{
	if (nr >= 0 && nr < NR_SYSCALLS && sys_call_names[nr])
		return sys_call_names[nr];
	return "unknown";
}

static long enosys(u64 nr)
{
	if (nr < NR_SYSCALLS) {
		if (enosys_logged[nr / 64] & BIT(nr % 64))
			return -ENOSYS;
		enosys_logged[nr / 64] |= BIT(nr % 64);
	}
	pr_info("syscall: %lu not implemented (pid %d, %s): -ENOSYS\n", nr,
		current->pid, current->comm);
	return -ENOSYS;
}

void do_syscall_64(struct pt_regs *regs)
{
	u64 nr = regs->error_code; /* entry.asm saved rax there */

	local_irq_enable();
	if (nr < NR_SYSCALLS && sys_call_table[nr])
		regs->rax = sys_call_table[nr](regs->rdi, regs->rsi, regs->rdx,
					       regs->r10, regs->r8, regs->r9);
	else
		regs->rax = enosys(nr);
	exit_to_user_mode(regs);
}
