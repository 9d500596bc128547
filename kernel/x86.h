/*
 * x86.h - everything faultline knows about x86 registers, outside paging.
 *
 * Control registers, EFER and other MSRs, RFLAGS, port I/O and the few
 * privileged instructions. Page-table bits live in mm/pgtable.h and
 * page-fault error-code bits in kernel/traps.h; nothing else uses raw masks.
 */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include "kernel/types.h"

/* CR0 */
#define X86_CR0_PE BIT(0)
#define X86_CR0_WP BIT(16) /* ring 0 honours read-only PTEs (COW needs it) */
#define X86_CR0_PG BIT(31)

/* CR4 */
#define X86_CR4_PAE BIT(5)
#define X86_CR4_PGE BIT(7) /* global pages survive CR3 reloads */
#define X86_CR4_OSFXSR BIT(9)
#define X86_CR4_OSXMMEXCPT BIT(10)
#define X86_CR4_SMEP BIT(20) /* ring 0 may not execute user pages */
#define X86_CR4_SMAP BIT(21) /* ring 0 may not touch user pages unless AC */

/* RFLAGS */
#define X86_EFLAGS_IF BIT(9)
#define X86_EFLAGS_DF BIT(10)
#define X86_EFLAGS_TF BIT(8)
#define X86_EFLAGS_AC BIT(18) /* SMAP override, set by stac() */
#define X86_EFLAGS_FIXED BIT(1)

/* MSRs */
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_SCE BIT(0) /* syscall/sysret */
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11) /* PTE bit 63 means no-execute */

/* CPUID leaf 7 EBX */
#define CPUID7_EBX_SMEP BIT(7)
#define CPUID7_EBX_SMAP BIT(20)

/* Segment selectors (kernel/gdt.c builds the GDT in this order). */
#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_USER_DS (0x18 | 3)
#define GDT_USER_CS (0x20 | 3)
#define GDT_TSS 0x28

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
/* A write to an unused port: about 1 us of delay on ISA-era devices. */
static inline void io_delay(void)
{
	outb(0x80, 0);
}

#define DEFINE_CR(n)                                                       \
	static inline u64 read_cr##n(void)                                 \
	{                                                                  \
		u64 v;                                                     \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));      \
		return v;                                                  \
	}                                                                  \
	static inline void write_cr##n(u64 v)                              \
	{                                                                  \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}
static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}
static inline u64 rdtsc(void)
{
	u32 lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}
static inline u64 read_rflags(void)
{
	u64 f;
	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}
static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}
static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}
/* Save IF and disable: pair with local_irq_restore() around short sections. */
static inline u64 local_irq_save(void)
{
	u64 f = read_rflags();
	local_irq_disable();
	return f;
}
static inline void local_irq_restore(u64 flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}
static inline bool irqs_disabled(void)
{
	return !(read_rflags() & X86_EFLAGS_IF);
}
static inline void halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}
/* Enable interrupts and halt atomically: an IRQ cannot slip in between. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}
static inline void invlpg(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(addr) : "memory");
}
/* SMAP: allow (stac) and forbid (clac) ring-0 access to user pages.
 * Both #UD on a CPU without SMAP: call user_access_begin()/_end()
 * (mm/mm.h), which check. */
static inline void stac(void)
{
	__asm__ __volatile__(".byte 0x0f,0x01,0xcb" ::: "memory");
}
static inline void clac(void)
{
	__asm__ __volatile__(".byte 0x0f,0x01,0xca" ::: "memory");
}
static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

#endif
