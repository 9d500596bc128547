/*
 * traps.c - the IDT and what happens on each CPU exception.
 *
 * trap_dispatch() is the single C entry for vectors 0..47:
 *   - IRQs (32..47) go to irq_dispatch();
 *   - #PF goes to do_page_fault() (mm/fault.c), which decides;
 *   - any other exception from user mode kills the task
 *     (user_exception(), kernel/ once processes exist);
 *   - any other exception in kernel mode is either an expected fault with
 *     an exception-table fixup, or a bug: die() prints a decoded report
 *     and panics.
 */
#include "kernel/traps.h"
#include "kernel/extable.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define IDT_ENTRIES 256
#define NR_STUBS 48
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 zero;
} __packed;

static struct idt_gate idt[IDT_ENTRIES] __aligned(16);
extern const u64 isr_stub_table[NR_STUBS];

static const char *const exception_names[NR_EXCEPTIONS] = {
	[X86_TRAP_DE] = "divide error",
	[X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "non-maskable interrupt",
	[X86_TRAP_BP] = "breakpoint",
	[X86_TRAP_OF] = "overflow",
	[X86_TRAP_BR] = "bound range exceeded",
	[X86_TRAP_UD] = "invalid opcode",
	[X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",
	[9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",
	[X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack-segment fault",
	[X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",
	[15] = "reserved",
	[X86_TRAP_MF] = "x87 floating-point error",
	[X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check",
	[X86_TRAP_XF] = "SIMD floating-point error",
	[X86_TRAP_VE] = "virtualization exception",
	[X86_TRAP_CP] = "control protection",
};

const char *trap_name(unsigned vector)
{
	if (vector < NR_EXCEPTIONS && exception_names[vector])
		return exception_names[vector];
	return vector < NR_EXCEPTIONS ? "reserved" : "interrupt";
}

static void set_gate(int vec, u64 handler, u8 ist)
{
	idt[vec] = (struct idt_gate){
		.offset_lo = handler & 0xffff,
		.selector = GDT_KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_hi = handler >> 32,
	};
}

void idt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed idtr = { sizeof(idt) - 1, (u64)idt };

	for (int i = 0; i < NR_STUBS; i++)
		set_gate(i, isr_stub_table[i],
			 i == X86_TRAP_DF ? IST_DOUBLE_FAULT : 0);
	__asm__ __volatile__("lidt %0" ::"m"(idtr));
}

void decode_pf_error(u64 ec, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s %s%s%s",
		 ec & X86_PF_PROT ? "protection-violation" : "not-present",
		 ec & X86_PF_WRITE ? "write" : "read",
		 ec & X86_PF_USER ? "user" : "kernel",
		 ec & X86_PF_RSVD ? " reserved-bit" : "",
		 ec & X86_PF_INSTR ? " instruction-fetch" : "");
}

void show_trap(const struct pt_regs *regs, u64 cr2)
{
	pr_emerg("%s (vector %lu) error code %#lx in %s mode\n",
		 trap_name(regs->vector), regs->vector, regs->error_code,
		 user_mode(regs) ? "user" : "kernel");
	if (regs->vector == X86_TRAP_PF) {
		char bits[96];
		decode_pf_error(regs->error_code, bits, sizeof(bits));
		pr_emerg("  CR2 %p  [%s]\n", (void *)cr2, bits);
	}
	pr_emerg("  RIP %04lx:%p  RSP %04lx:%p  RFLAGS %08lx\n", regs->cs,
		 (void *)regs->rip, regs->ss, (void *)regs->rsp,
		 regs->rflags);
	pr_emerg("  RAX %016lx RBX %016lx RCX %016lx\n", regs->rax, regs->rbx,
		 regs->rcx);
	pr_emerg("  RDX %016lx RSI %016lx RDI %016lx\n", regs->rdx, regs->rsi,
		 regs->rdi);
	pr_emerg("  RBP %016lx R8  %016lx R9  %016lx\n", regs->rbp, regs->r8,
		 regs->r9);
	pr_emerg("  R10 %016lx R11 %016lx R12 %016lx\n", regs->r10, regs->r11,
		 regs->r12);
	pr_emerg("  R13 %016lx R14 %016lx R15 %016lx\n", regs->r13, regs->r14,
		 regs->r15);
	pr_emerg("  CR0 %016lx CR3 %016lx CR4 %016lx\n", read_cr0(),
		 read_cr3(), read_cr4());
	if (!user_mode(regs))
		dump_backtrace(regs->rip, regs->rbp);
}

void die(struct pt_regs *regs, u64 cr2)
{
	if (fixup_exception(regs, cr2))
		return;
	show_trap(regs, cr2);
	panic("unhandled %s in kernel mode at %p", trap_name(regs->vector),
	      (void *)regs->rip);
}

void trap_dispatch(struct pt_regs *regs)
{
	u64 vec = regs->vector;

	if (vec >= IRQ_BASE_VECTOR && vec < IRQ_BASE_VECTOR + NR_IRQS) {
		irq_dispatch(regs, (int)(vec - IRQ_BASE_VECTOR));
	} else {
		/* CR2 first: a nested fault would overwrite it. */
		u64 cr2 = vec == X86_TRAP_PF ? read_cr2() : 0;
		if (vec == X86_TRAP_PF)
			do_page_fault(regs, cr2);
		else if (user_mode(regs))
			user_exception(regs, cr2);
		else
			die(regs, cr2);
	}
	/* Back to user mode: preemption and fatal signals happen here. */
	if (user_mode(regs))
		exit_to_user_mode(regs);
}

