/*
 * wait.c - wait queues before the scheduler exists.
 *
 * wait_queue_sleep() is entered with interrupts off. Here it executes
 * `sti; hlt`: the CPU sleeps until any interrupt (the completing IRQ, or
 * at the latest the next timer tick), then returns so the caller re-checks
 * its condition. kernel/sched.c replaces both functions with real sleeping
 * (the weak definitions below give way to its strong ones).
 */
#include "kernel/wait.h"

__attribute__((weak)) void wake_up(struct wait_queue_head *q)
{
	(void)q; /* a halted CPU wakes on the interrupt itself */
}

__attribute__((weak)) void wait_queue_sleep(struct wait_queue_head *q,
					   u64 deadline)
{
	(void)q;
	(void)deadline;
	safe_halt();
	local_irq_disable();
}
