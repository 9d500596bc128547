/*
 * sched.c - round-robin scheduling, sleeping and waking.
 *
 * Invariants (interrupts off while they are being changed):
 *   - a TASK_RUNNING task other than the one on the CPU is on run_queue
 *     exactly once; swapper (pid 0) is never on it - it runs only when
 *     the queue is empty;
 *   - a TASK_UNINTERRUPTIBLE task is on at most one wait queue (none
 *     for a plain nanosleep), and on timed_sleepers iff it has a
 *     deadline; wake_up_process() takes it off both.
 */
#include "kernel/sched.h"
#include "kernel/gdt.h"
#include "kernel/panic.h"
#include "kernel/signal.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/traps.h"
#include "kernel/x86.h"
#include "kernel/printk.h"
#include "mm/fork.h"
#include "mm/vma.h"

extern char boot_stack_top[];
void __switch_to_asm(u64 *prev_rsp, u64 next_rsp);

static struct task_struct swapper; /* pid 0, the boot context: idles */
static struct task_struct *cur; /* NULL until sched_init() */
static LIST_HEAD(run_queue);
/* Sleepers with a deadline: sched_tick() wakes them when it passes. */
static LIST_HEAD(timed_sleepers);
/* The kernel stack a `syscall` switches to (kernel/entry.asm). */
u64 syscall_kernel_rsp;

struct task_struct *current_task(void)
{
	return cur;
}

void sched_init(void)
{
	swapper.pid = 0;
	strlcpy(swapper.comm, "swapper", sizeof(swapper.comm));
	swapper.state = TASK_RUNNING;
	swapper.kstack_top = boot_stack_top;
	fpu_state_init(&swapper.fpu);
	INIT_LIST_HEAD(&swapper.children);
	INIT_LIST_HEAD(&swapper.sibling);
	INIT_LIST_HEAD(&swapper.run_list);
	INIT_LIST_HEAD(&swapper.wait_entry);
	INIT_LIST_HEAD(&swapper.timer_entry);
	init_waitqueue_head(&swapper.wait_chldexit);
	cur = &swapper;
}

static struct task_struct *pick_next(void)
{
	if (list_empty(&run_queue))
		return &swapper;
	struct task_struct *t =
		list_first_entry(&run_queue, struct task_struct, run_list);
	list_del_init(&t->run_list);
	return t;
}

static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	if (next->mm != prev->mm)
		switch_mm(next->mm);
	tss_set_rsp0((u64)next->kstack_top);
	syscall_kernel_rsp = (u64)next->kstack_top;
	if (next->fs_base != prev->fs_base)
		wrmsr(MSR_FS_BASE, next->fs_base);
	fpu_save(&prev->fpu); /* user SSE state travels with its task */
	fpu_restore(&next->fpu);
	cur = next;
	__switch_to_asm(&prev->rsp, next->rsp);
	/* back in prev, chosen again by some later schedule() */
}

void schedule(void)
{
	u64 flags = local_irq_save();
	struct task_struct *prev = cur;

	if (prev->state == TASK_RUNNING && prev != &swapper)
		list_add_tail(&prev->run_list, &run_queue);
	struct task_struct *next = pick_next();
	next->need_resched = false;
	next->ticks_left = SCHED_TIMESLICE;
	if (next != prev)
		context_switch(prev, next);
	local_irq_restore(flags);
}

/* A new task starts here (from ret_from_fork_asm), interrupts off. */
void schedule_tail(void)
{
	local_irq_enable();
}

void wake_up_process(struct task_struct *t)
{
	u64 flags = local_irq_save();

	if (t->state == TASK_UNINTERRUPTIBLE) {
		list_del_init(&t->wait_entry);
		list_del_init(&t->timer_entry);
		t->state = TASK_RUNNING;
		list_add_tail(&t->run_list, &run_queue);
	}
	local_irq_restore(flags);
}

void wake_up(struct wait_queue_head *q)
{
	u64 flags = local_irq_save();

	while (!list_empty(&q->head))
		wake_up_process(list_first_entry(&q->head, struct task_struct,
						 wait_entry));
	local_irq_restore(flags);
}

/* Entered with interrupts off (wait_event). */
void wait_queue_sleep(struct wait_queue_head *q, u64 deadline)
{
	if (!cur || cur == &swapper) {
		/* Nobody else to run: halt until an interrupt. */
		safe_halt();
		local_irq_disable();
		return;
	}
	cur->state = TASK_UNINTERRUPTIBLE;
	if (q)
		list_add_tail(&cur->wait_entry, &q->head);
	if (deadline)
		list_add_tail(&cur->timer_entry, &timed_sleepers);
	cur->sleep_deadline = deadline;
	schedule();
	cur->sleep_deadline = 0;
}

static void wake_expired_sleepers(u64 now)
{
	struct task_struct *t, *n;

	list_for_each_entry_safe(t, n, &timed_sleepers, timer_entry)
		if (t->sleep_deadline <= now)
			wake_up_process(t);
}

void sched_add_new(struct task_struct *t)
{
	u64 flags = local_irq_save();

	t->state = TASK_RUNNING;
	list_add_tail(&t->run_list, &run_queue);
	local_irq_restore(flags);
}

/* Timer IRQ: charge the tick, end timeslices, wake expired sleepers. */
void sched_tick(void)
{
	if (!cur)
		return;
	if (cur != &swapper && --cur->ticks_left <= 0)
		cur->need_resched = true;
	wake_expired_sleepers(jiffies_read());
}

/*
 * The last stop before iretq to user mode, interrupts off on return:
 * act on a fatal signal, refuse a non-user return address (an iretq to a
 * non-canonical rip would fault in the kernel), give up the CPU if the
 * timeslice is over.
 */
void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		local_irq_disable();
		if (cur->pending_signal) {
			int sig = cur->pending_signal;
			local_irq_enable();
			pr_info("faultline: pid %d (%s): killed by %s\n",
				cur->pid, cur->comm, signal_name(sig));
			do_exit(wait_status_signaled(sig));
		}
		if (regs->rip >= TASK_SIZE) {
			local_irq_enable();
			force_sig_fault(SIGSEGV, regs->rip, regs,
					"return to a non-user address");
		}
		if (!cur->need_resched)
			return;
		local_irq_enable();
		schedule();
	}
}

/* swapper's loop: run whoever is runnable, else halt until an IRQ. */
__noreturn void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (!list_empty(&run_queue)) {
			local_irq_enable();
			schedule();
		} else {
			safe_halt();
		}
	}
}

/* A kernel thread works on a user address space (tests, demos): it
 * becomes current's mm, so it stays loaded across sleeps. NULL ends it. */
void kthread_use_mm(struct mm_struct *mm)
{
	cur->mm = mm;
	switch_mm(mm);
}
