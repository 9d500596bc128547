/*
 * sched.h - tasks and the scheduler.
 *
 * One CPU. User code is preempted by the timer; kernel code runs until it
 * returns to user space or sleeps (schedule()). A task sleeps on a wait
 * queue (kernel/wait.h) and is put back on the run queue by wake_up().
 *
 * Task 0 ("swapper") is the boot context: after sched_init() it only
 * runs when nothing else can (the idle loop, halting). Everything else -
 * the self-tests and /init - runs in tasks that may sleep.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/fpu.h"
#include "kernel/list.h"
#include "kernel/wait.h"

struct mm_struct;
struct files_struct;
struct pt_regs;

enum task_state {
	TASK_RUNNING, /* on the run queue, or running */
	TASK_UNINTERRUPTIBLE, /* asleep on a wait queue */
	TASK_ZOMBIE, /* exited; waiting for its parent's wait4() */
};

#define TASK_COMM_LEN 16
/* Timer ticks a task runs in user mode before another gets the CPU. */
#define SCHED_TIMESLICE 5

struct task_struct {
	int pid;
	char comm[TASK_COMM_LEN];
	enum task_state state;
	void *kstack_top; /* kstack_alloc(); guard page below */
	u64 rsp; /* saved kernel stack pointer while switched out */
	struct mm_struct *mm; /* NULL for kernel threads */
	struct files_struct *files; /* open files; NULL for kernel threads */
	u64 fs_base; /* user TLS pointer (arch_prctl ARCH_SET_FS) */
	struct fpu_state fpu; /* x87/SSE registers while switched out */
	u64 clear_child_tid; /* set_tid_address(): user address */

	/* Family: children are on parent->children via sibling. */
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;
	struct wait_queue_head wait_chldexit; /* a child exited */
	int exit_code; /* wait status, Linux's encoding */
	int pending_signal; /* fatal signal to act on at return to user */

	struct list_head tasks; /* on the list of all tasks */
	struct list_head run_list; /* on the run queue */
	struct list_head wait_entry; /* on a wait queue while asleep */
	struct list_head timer_entry; /* on timed_sleepers while asleep */
	u64 sleep_deadline; /* jiffies to wake at, 0 = none */
	int ticks_left; /* of this timeslice */
	bool need_resched;

	/* getrusage(): faults this task took in address spaces it no longer
	 * has (its current mm counts the rest), those of reaped children,
	 * and when it started. */
	u64 min_flt, maj_flt;
	u64 children_min_flt, children_maj_flt;
	u64 start_jiffies, utime_ticks, stime_ticks;
};

/* The running task (never NULL after sched_init()). */
struct task_struct *current_task(void);
#define current (current_task())

void sched_init(void);
/* Give up the CPU; returns when this task is chosen again. Call with
 * current->state set: TASK_RUNNING to yield, otherwise to sleep. */
void schedule(void);
/* Make a sleeping task runnable. IRQ-safe. */
void wake_up_process(struct task_struct *t);
/* Start a kernel thread running fn(arg); returns it or NULL. */
struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name);
/* At return to user space: switch if the timeslice ran out; act on a
 * pending fatal signal. */
void exit_to_user_mode(struct pt_regs *regs);

/* swapper, after boot: run tasks, halt when there are none. */
__noreturn void cpu_idle(void);
/* A kernel thread takes on (or, with NULL, drops) a user mm. */
void kthread_use_mm(struct mm_struct *mm);
/* Put a new task on the run queue (fork, kthread_create). */
void sched_add_new(struct task_struct *t);

/* The task table (kernel/fork.c). */
struct task_struct *find_task_by_pid(int pid);
int nr_tasks(void);
struct list_head *task_list(void);
/* The user-mode registers saved at the top of a task's kernel stack. */
struct pt_regs *task_pt_regs(struct task_struct *t);
/* fork(): a copy-on-write child of current returning 0 in rax; returns
 * the child's pid or -errno. */
long do_fork(struct pt_regs *regs);
/* Free a reaped task's stack and struct (kernel/exit.c). */
void free_task(struct task_struct *t);
/* Copy t's resource usage to a user struct rusage. 0 or -EFAULT. */
int fill_rusage(struct task_struct *t, void *ru);
/* Remember free frames, heap and swap slots as init starts; init's exit
 * checks they came back (kernel/exit.c). */
void init_resources_snapshot(void);
/* Terminate current with a wait status (Linux encoding); never returns. */
__noreturn void do_exit(int status);

#endif
