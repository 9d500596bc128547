/*
 * pit.c - 8254 PIT channel 0 as the periodic tick (IRQ 0, HZ per second).
 */
#include "drivers/pit.h"
#include "kernel/irq.h"
#include "kernel/time.h"
#include "kernel/x86.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CMD_CH0_LOHI_RATE 0x34 /* channel 0, lo/hi byte, mode 2 */
#define PIT_FREQ 1193182
#define PIT_IRQ 0

static void pit_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	timer_tick();
}

void pit_init(void)
{
	u16 div = (PIT_FREQ + HZ / 2) / HZ;

	outb(PIT_CMD, PIT_CMD_CH0_LOHI_RATE);
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, div >> 8);
	request_irq(PIT_IRQ, pit_irq, NULL);
}
