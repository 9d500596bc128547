/*
 * panic.h - stop on a broken kernel invariant, saying where and why.
 *
 * Nothing a user program does may reach these: a user fault kills the
 * process (kernel/traps.c), it never panics.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/types.h"

__noreturn __printf(3, 4) void __panic(const char *file, int line,
				       const char *fmt, ...);

#define panic(fmt, ...) __panic(__FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define BUG() panic("BUG")
#define BUG_ON(cond)                                              \
	do {                                                      \
		if (unlikely(cond))                               \
			panic("BUG_ON(%s)", #cond);               \
	} while (0)

void warn_slowpath(const char *file, int line, const char *cond);
#define WARN_ON(cond)                                                  \
	({                                                             \
		bool __c = !!(cond);                                   \
		if (unlikely(__c))                                     \
			warn_slowpath(__FILE__, __LINE__, #cond);      \
		__c;                                                   \
	})

/* Print the frame-pointer chain starting at rbp. */
void dump_backtrace(u64 rip, u64 rbp);
void dump_stack(void);

/* End the run: print the power-off line, exit QEMU with code
 * (drivers/debug_exit.h), or halt where there is no QEMU. */
__noreturn void kernel_power_off(u8 code);

/* What panic does once it has printed: exit QEMU (default) or halt. */
void panic_set_halt(bool halt);
u64 panic_count(void);

#endif
