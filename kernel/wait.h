/*
 * wait.h - wait queues: sleep until a condition holds, woken by wake_up().
 *
 *	wait_event(q, done);		// in the task that waits
 *	done = true; wake_up(&q);	// in the IRQ handler that completes
 *
 * The API is Linux's. Until the scheduler exists (kernel/sched.c) there is
 * nobody else to run, so a waiter halts the CPU until the next interrupt
 * and re-checks: the condition is tested with interrupts off and the halt
 * is `sti; hlt`, so a wake-up between test and halt is never lost. Once
 * the scheduler runs, the same calls put the task to sleep on the queue
 * and run someone else.
 *
 * Rule: the condition must become true only together with a wake_up() on
 * the same queue (from an IRQ handler or another task).
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/list.h"
#include "kernel/time.h"
#include "kernel/x86.h"

struct wait_queue_head {
	struct list_head head; /* sleeping tasks, once the scheduler exists */
};

static inline void init_waitqueue_head(struct wait_queue_head *q)
{
	INIT_LIST_HEAD(&q->head);
}

/* Wake every task sleeping on q. Safe from IRQ handlers. */
void wake_up(struct wait_queue_head *q);
/* Called with interrupts off: sleep until woken (or, with deadline != 0,
 * until jiffies reach it). Before the scheduler runs: halt until the
 * next interrupt. Returns with interrupts off; the caller re-checks. */
void wait_queue_sleep(struct wait_queue_head *q, u64 deadline);

#define wait_event(q, cond)                                       \
	do {                                                      \
		for (;;) {                                        \
			u64 __f = local_irq_save();               \
			if (cond) {                               \
				local_irq_restore(__f);           \
				break;                            \
			}                                         \
			wait_queue_sleep(q, 0);                   \
			local_irq_restore(__f);                   \
		}                                                 \
	} while (0)

/* As wait_event, but give up after timeout jiffies. Returns true if cond
 * became true, false on timeout. */
#define wait_event_timeout(q, cond, timeout)                      \
	({                                                        \
		u64 __end = jiffies_read() + (timeout);           \
		bool __ok = false;                                \
		for (;;) {                                        \
			u64 __f = local_irq_save();               \
			if (cond) {                               \
				local_irq_restore(__f);           \
				__ok = true;                      \
				break;                            \
			}                                         \
			if (jiffies_read() >= __end) {            \
				local_irq_restore(__f);           \
				break;                            \
			}                                         \
			wait_queue_sleep(q, __end);               \
			local_irq_restore(__f);                   \
		}                                                 \
		__ok;                                             \
	})

#endif
