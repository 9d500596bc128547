/*
 * exit.c - a task ends: do_exit(), zombies, and wait4() reaping them.
 *
 * Wait status (Linux's encoding, what WIFEXITED & co. decode):
 *   exited with code c:     (c & 0xff) << 8
 *   killed by signal s:     s
 * A task that exits gives back its memory and files at once and stays a
 * zombie (task struct + kernel stack) until its parent reaps it. Its
 * children are handed to init (pid 1). When init itself exits, the
 * machine powers off with init's status (drivers/debug_exit.h).
 */
#include "drivers/debug_exit.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/x86.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/uaccess.h"

#define WNOHANG 1

/*
 * What init started with (taken just before it was exec'd): when it
 * exits, every user program has come and gone, so once its own memory is
 * released frames, heap and swap slots must be back to these numbers.
 */
static struct {
	bool taken;
	long frames, heap, swap_free;
} before_init;

void init_resources_snapshot(void)
{
	before_init.taken = true;
	before_init.frames = nr_free_frames();
	before_init.heap = kmalloc_bytes_in_use();
	before_init.swap_free = get_nr_swap_pages();
}

static void init_leak_check(void)
{
	long frames = nr_free_frames(), heap = kmalloc_bytes_in_use();
	long swap_free = get_nr_swap_pages();

	if (!before_init.taken)
		return;
	if (frames == before_init.frames && heap == before_init.heap &&
	    swap_free == before_init.swap_free) {
		pr_info("faultline: no leak after the user programs (frames, "
			"heap and swap slots back)\n");
		return;
	}
	pr_err("faultline: LEAK after the user programs: free frames %ld -> "
	       "%ld, heap bytes %ld -> %ld, free swap slots %ld -> %ld\n",
	       before_init.frames, frames, before_init.heap, heap,
	       before_init.swap_free, swap_free);
}

/* init's end is the machine's end: report and power off. */
static __noreturn void init_exited(int status)
{
	u8 code;

	if (wait_status_is_signal(status)) {
		pr_info("init: killed by signal %d\n", status & 0x7f);
		code = DEBUG_EXIT_INIT_SIGNAL;
	} else {
		int c = (status >> 8) & 0xff;
		pr_info("init: exited with status %d\n", c);
		code = c > DEBUG_EXIT_INIT_MAX ? DEBUG_EXIT_INIT_MAX : (u8)c;
	}
	kernel_power_off(code);
}

static void reparent_children(struct task_struct *t)
{
	struct task_struct *init = find_task_by_pid(1), *c, *n;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = init;
		list_add_tail(&c->sibling, &init->children);
		if (c->state == TASK_ZOMBIE)
			wake_up(&init->wait_chldexit);
	}
}

void do_exit(int status)
{
	struct task_struct *t = current;

	BUG_ON(t->pid == 0);
	if (t->mm) {
		struct mm_struct *mm = t->mm;
		t->min_flt += mm->stats.events[MM_MIN_FLT];
		t->maj_flt += mm->stats.events[MM_MAJ_FLT];
		t->mm = NULL;
		switch_mm(NULL);
		mmput(mm); /* pages, swap slots, page tables back */
	}
	if (t->pid == 1) {
		init_leak_check();
		init_exited(status);
	}
	if (t->files) {
		put_files(t->files);
		t->files = NULL;
	}
	reparent_children(t);
	u64 flags = local_irq_save();
	t->exit_code = status;
	t->state = TASK_ZOMBIE;
	wake_up(&t->parent->wait_chldexit);
	schedule(); /* never chosen again */
	local_irq_restore(flags);
	panic("do_exit: zombie %d ran again", t->pid);
}

/*
 * A kernel thread's function returned (kernel/switch.asm). If it exec'd a
 * user program (PID 1 does), it now has an mm and returns into it;
 * otherwise the thread ends with the function's value as exit code.
 */
void kthread_finish(int ret)
{
	if (current->mm && !ret)
		return;
	do_exit(wait_status_exited(ret));
}

static long sys_exit(int code)
{
	do_exit(wait_status_exited(code));
}
SYSCALL(__NR_exit, sys_exit);

/* One thread per process: exit_group is exit. */
static long sys_exit_group(int code)
{
	do_exit(wait_status_exited(code));
}
SYSCALL(__NR_exit_group, sys_exit_group);

static bool child_matches(struct task_struct *c, int pid)
{
	return pid == -1 || c->pid == pid || (pid == 0 || pid < -1);
}

/* A zombie child that matches pid, or NULL; *any says if one exists. */
static struct task_struct *find_zombie(int pid, bool *any)
{
	struct task_struct *c;

	*any = false;
	list_for_each_entry(c, &current->children, sibling) {
		if (!child_matches(c, pid))
			continue;
		*any = true;
		if (c->state == TASK_ZOMBIE)
			return c;
	}
	return NULL;
}

static long sys_wait4(int pid, int __user *status, int options,
		      void __user *ru)
{
	struct task_struct *z;
	bool any;

	if (options & ~WNOHANG)
		return -EINVAL;
	wait_event(&current->wait_chldexit,
		   (z = find_zombie(pid, &any)) || !any ||
			   (options & WNOHANG));
	if (!z)
		return any ? 0 : -ECHILD;
	if (status && copy_to_user(status, &z->exit_code, sizeof(int)))
		return -EFAULT;
	if (ru && fill_rusage(z, ru))
		return -EFAULT;
	int zpid = z->pid;
	current->children_min_flt += z->min_flt + z->children_min_flt;
	current->children_maj_flt += z->maj_flt + z->children_maj_flt;
	list_del_init(&z->sibling);
	free_task(z);
	return zpid;
}
SYSCALL(__NR_wait4, sys_wait4);
