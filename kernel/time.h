/* time.h - the timer tick (jiffies) and delays. HZ ticks per second. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/types.h"

#define HZ 100

u64 jiffies_read(void);
static inline u64 jiffies_to_msecs(u64 j)
{
	return j * (1000 / HZ);
}
static inline u64 msecs_to_jiffies(u64 ms)
{
	return (ms + (1000 / HZ) - 1) / (1000 / HZ);
}
/* Called from the timer IRQ: advance jiffies, run the tick hooks. */
void timer_tick(void);
/* Wait with interrupts on, halting between ticks (no scheduler needed). */
void mdelay_halt(u64 ms);

#endif
