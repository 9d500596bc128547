/*
 * sections.h - where the kernel image's sections start and end.
 *
 * Symbols defined by linker.ld (virtual addresses in the higher half,
 * except __kernel_phys_*, which are physical) and by boot/head64.asm.
 * Declared as arrays so the names are addresses, as in Linux's
 * asm/sections.h. Only their addresses mean anything.
 */
#ifndef KERNEL_SECTIONS_H
#define KERNEL_SECTIONS_H

extern char _stext[], _etext[]; /* code */
extern char _srodata[], _erodata[]; /* constants, tables, __ex_table */
extern char _sdata[], _edata[]; /* initialised data */
extern char __bss_start[], __bss_stop[]; /* zeroed data */
extern char _end[];
extern char __kernel_phys_start[], __kernel_phys_end[]; /* physical */

/* boot/head64.asm: the boot stack and the page below it (kept unmapped). */
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

#endif
