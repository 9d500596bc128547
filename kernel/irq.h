/*
 * irq.h - hardware interrupt lines (the two 8259 PICs, remapped).
 *
 * IRQ n arrives on vector IRQ_BASE_VECTOR + n. A handler runs with
 * interrupts disabled and must not sleep; it may wake sleepers.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "kernel/types.h"

#define NR_IRQS 16
#define IRQ_BASE_VECTOR 32

typedef void (*irq_handler_t)(int irq, void *dev);

void pic_init(void);
/* 0 or -EBUSY if the line already has a handler. Unmasks the line. */
int request_irq(int irq, irq_handler_t handler, void *dev);
void free_irq(int irq);
/* Called from the trap dispatcher for vectors 32..47. */
struct pt_regs;
void irq_dispatch(struct pt_regs *regs, int irq);
u64 irq_count(int irq);

#endif
