/*
 * time.c - jiffies, the tick counter advanced by the PIT interrupt.
 */
#include "kernel/time.h"
#include "kernel/x86.h"

/* Written only by the timer IRQ; read anywhere (64-bit reads are atomic). */
static volatile u64 jiffies;

u64 jiffies_read(void)
{
	return jiffies;
}

/* The scheduler (kernel/sched.c) hooks in here once it exists. */
__attribute__((weak)) void sched_tick(void)
{
}

void timer_tick(void)
{
	jiffies++;
	sched_tick();
}

void mdelay_halt(u64 ms)
{
	u64 end = jiffies + msecs_to_jiffies(ms);

	while (jiffies < end)
		safe_halt();
}
