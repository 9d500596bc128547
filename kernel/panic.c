/*
 * panic.c - panic(), WARN_ON() and frame-pointer backtraces.
 *
 * After printing, panic either ends the QEMU run with DEBUG_EXIT_PANIC (the
 * default: a test run must never hang) or halts forever so GDB can look
 * (panic=halt on the command line; `make debug` passes it).
 */
#include "kernel/panic.h"
#include "drivers/debug_exit.h"
#include "kernel/kallsyms.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

static bool panic_halts;
static u64 panics;

void panic_set_halt(bool halt)
{
	panic_halts = halt;
}

u64 panic_count(void)
{
	return panics;
}

/* Frames live in the kernel half; anything else ends the walk. */
static bool frame_ok(u64 rbp)
{
	return rbp >= 0xffff800000000000UL && IS_ALIGNED(rbp, 8);
}

static void print_frame(u64 addr)
{
	char sym[96];

	sprint_symbol(sym, sizeof(sym), addr);
	pr_emerg("  [<%p>] %s\n", (void *)addr, sym);
}

void dump_backtrace(u64 rip, u64 rbp)
{
	pr_emerg("Call trace:\n");
	print_frame(rip);
	for (int depth = 0; depth < 24 && frame_ok(rbp); depth++) {
		u64 ret = ((u64 *)rbp)[1];
		if (!ret)
			break;
		print_frame(ret);
		rbp = ((u64 *)rbp)[0];
	}
}

void dump_stack(void)
{
	u64 rbp;

	__asm__ __volatile__("mov %%rbp, %0" : "=r"(rbp));
	dump_backtrace((u64)__builtin_return_address(0), ((u64 *)rbp)[0]);
}

void __panic(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	local_irq_disable();
	panics++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s (%s:%d)\n", msg,
	       file, line);
	dump_stack();
	if (!panic_halts) {
		printk(KERN_EMERG "---[ end Kernel panic: exiting QEMU ]---\n");
		qemu_exit(DEBUG_EXIT_PANIC);
	}
	printk(KERN_EMERG "---[ end Kernel panic: halted ]---\n");
	for (;;)
		halt();
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	printk(KERN_WARNING "WARNING: %s at %s:%d\n", cond, file, line);
	dump_stack();
}

/* The last line of every clean run: tests/run.py requires it, because
 * QEMU's own start-up errors exit with the same status as a power-off. */
void kernel_power_off(u8 code)
{
	local_irq_disable();
	printk(KERN_INFO "faultline: power-off (code %u)\n", code);
	qemu_exit(code);
	for (;;)
		halt();
}
