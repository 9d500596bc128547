/*
 * timer.c - the PIT tick advances jiffies, interrupts are delivered, and
 * waiting halts the CPU rather than spinning.
 */
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "kernel/x86.h"

/* jiffies advance by about HZ per second while we halt between ticks. */
static void ticks_advance(struct ktest *t)
{
	/* Both counters read at the same instant (no tick in between). */
	u64 flags = local_irq_save();
	u64 j0 = jiffies_read(), irq0 = irq_count(0);
	local_irq_restore(flags);

	mdelay_halt(50);
	flags = local_irq_save();
	u64 dj = jiffies_read() - j0, dirq = irq_count(0) - irq0;
	local_irq_restore(flags);
	KT_EXPECT_GE(t, dj, msecs_to_jiffies(50));
	KT_EXPECT_LE(t, dj, msecs_to_jiffies(50) + 2);
	KT_EXPECT_EQ(t, dirq, dj); /* one tick per timer interrupt */
}

/* Interrupts are enabled in normal kernel code (the concurrency model). */
static void interrupts_are_enabled(struct ktest *t)
{
	KT_EXPECT_FALSE(t, irqs_disabled());
}

/* local_irq_save/restore nest: the inner restore keeps them off. */
static void irq_save_restore_nests(struct ktest *t)
{
	u64 outer = local_irq_save();
	u64 inner = local_irq_save();

	local_irq_restore(inner);
	KT_EXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(outer);
	KT_EXPECT_FALSE(t, irqs_disabled());
}

/* wait_event_timeout returns true at once when the condition holds and
 * false after the timeout when it never does. */
static void wait_event_timeout_times_out(struct ktest *t)
{
	struct wait_queue_head q;
	u64 j0 = jiffies_read();

	init_waitqueue_head(&q);
	KT_EXPECT_TRUE(t, wait_event_timeout(&q, true, 5));
	KT_EXPECT_FALSE(t, wait_event_timeout(&q, false, 3));
	KT_EXPECT_GE(t, jiffies_read() - j0, 3);
}

static const struct ktest_case timer_cases[] = {
	KTEST_CASE(ticks_advance),
	KTEST_CASE(interrupts_are_enabled),
	KTEST_CASE(irq_save_restore_nests),
	KTEST_CASE(wait_event_timeout_times_out),
	{}
};
static const struct ktest_suite timer_suite = {
	.name = "timer",
	.cases = timer_cases,
};
KTEST_SUITE(timer_suite, 1);
