/* gdt.h - segment descriptors and the task-state segment. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include "kernel/types.h"

/* Interrupt stack table slots (IST index in the IDT gate). */
#define IST_DOUBLE_FAULT 1

void gdt_init(void);
/* The stack the CPU switches to on a trap from ring 3 (per task). */
void tss_set_rsp0(u64 rsp0);
u64 tss_get_rsp0(void);

#endif
