/*
 * irq.c - 8259A PIC pair: remap to vectors 32..47, mask/unmask, dispatch.
 */
#include "kernel/irq.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define PIC_CASCADE_IRQ 2

struct irq_desc {
	irq_handler_t handler;
	void *dev;
	u64 count;
};

/* Changed with interrupts off; read by irq_dispatch (interrupts off). */
static struct irq_desc irq_table[NR_IRQS];

static void pic_set_mask(int irq, bool masked)
{
	u16 port = irq < 8 ? PIC1_DATA : PIC2_DATA;
	u8 bit = 1 << (irq & 7);
	u8 v = inb(port);

	outb(port, masked ? (v | bit) : (v & ~bit));
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC1_DATA, IRQ_BASE_VECTOR); /* ICW2: vector offsets */
	io_delay();
	outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);
	io_delay();
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ); /* ICW3: slave on IRQ 2 */
	io_delay();
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	io_delay();
	outb(PIC1_DATA, ICW4_8086);
	io_delay();
	outb(PIC2_DATA, ICW4_8086);
	io_delay();
	/* Everything masked except the cascade; request_irq unmasks. */
	outb(PIC1_DATA, 0xff & ~(1 << PIC_CASCADE_IRQ));
	outb(PIC2_DATA, 0xff);
}

int request_irq(int irq, irq_handler_t handler, void *dev)
{
	if (irq < 0 || irq >= NR_IRQS || !handler)
		return -EINVAL;
	u64 flags = local_irq_save();
	if (irq_table[irq].handler) {
		local_irq_restore(flags);
		return -EBUSY;
	}
	irq_table[irq].handler = handler;
	irq_table[irq].dev = dev;
	pic_set_mask(irq, false);
	local_irq_restore(flags);
	return 0;
}

void free_irq(int irq)
{
	u64 flags = local_irq_save();
	pic_set_mask(irq, true);
	irq_table[irq].handler = NULL;
	irq_table[irq].dev = NULL;
	local_irq_restore(flags);
}

u64 irq_count(int irq)
{
	return irq_table[irq].count;
}

/* IRQ 7 and 15 can be spurious: the in-service bit tells. */
static bool irq_is_spurious(int irq)
{
	if (irq != 7 && irq != 15)
		return false;
	u16 cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, PIC_READ_ISR);
	if (inb(cmd) & 0x80)
		return false;
	if (irq == 15) /* the master saw a real cascade interrupt */
		outb(PIC1_CMD, PIC_EOI);
	return true;
}

static void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void irq_dispatch(struct pt_regs *regs, int irq)
{
	(void)regs;
	if (irq_is_spurious(irq))
		return;
	struct irq_desc *d = &irq_table[irq];
	d->count++;
	/* EOI first: a handler may switch tasks (timer -> schedule). */
	pic_eoi(irq);
	if (d->handler)
		d->handler(irq, d->dev);
}
