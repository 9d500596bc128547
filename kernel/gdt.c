/*
 * gdt.c - the GDT (kernel and user segments, TSS) and the TSS itself.
 *
 * Selector order matters for syscall/sysret (see kernel/x86.h):
 *   0x08 kernel code, 0x10 kernel data, 0x18 user data, 0x20 user code,
 *   0x28 TSS (two slots).
 * The double-fault handler runs on its own IST stack, so a kernel stack
 * overflow (a fault while pushing onto the guard page) is still reported.
 */
#include "kernel/gdt.h"
#include "kernel/x86.h"

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define GDT_ENTRIES 7
#define DF_STACK_SIZE 8192

static u64 gdt[GDT_ENTRIES] __aligned(16);
static struct tss tss __aligned(16);
static u8 df_stack[DF_STACK_SIZE] __aligned(16);

/* Descriptor encodings: flat 64-bit segments; only DPL and type differ. */
#define SEG_KERNEL_CODE 0x00af9a000000ffffULL
#define SEG_KERNEL_DATA 0x00cf92000000ffffULL
#define SEG_USER_DATA 0x00cff2000000ffffULL
#define SEG_USER_CODE 0x00affa000000ffffULL
#define TSS_TYPE_AVAILABLE 0x89

static void set_tss_descriptor(int idx, u64 base, u32 limit)
{
	gdt[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		   ((u64)TSS_TYPE_AVAILABLE << 40) |
		   ((u64)((limit >> 16) & 0xf) << 48) |
		   ((u64)((base >> 24) & 0xff) << 56);
	gdt[idx + 1] = base >> 32;
}

void gdt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed gdtr = { sizeof(gdt) - 1, (u64)gdt };

	gdt[0] = 0;
	gdt[GDT_KERNEL_CS >> 3] = SEG_KERNEL_CODE;
	gdt[GDT_KERNEL_DS >> 3] = SEG_KERNEL_DATA;
	gdt[GDT_USER_DS >> 3] = SEG_USER_DATA;
	gdt[GDT_USER_CS >> 3] = SEG_USER_CODE;
	tss.ist[IST_DOUBLE_FAULT - 1] = (u64)df_stack + DF_STACK_SIZE;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: ring 3 gets no ports */
	set_tss_descriptor(GDT_TSS >> 3, (u64)&tss, sizeof(tss) - 1);

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"xorw %%ax, %%ax\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		"ltr %w3"
		:
		: "m"(gdtr), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS),
		  "r"(GDT_TSS)
		: "rax", "memory");
}

void tss_set_rsp0(u64 rsp0)
{
	tss.rsp[0] = rsp0;
}

u64 tss_get_rsp0(void)
{
	return tss.rsp[0];
}
