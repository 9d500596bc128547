/*
 * fork.c - creating tasks: kernel threads and fork().
 *
 * A new task gets a kernel stack (with a guard page) laid out so that the
 * first __switch_to_asm() into it "returns" to ret_from_fork_asm:
 *
 *   kstack_top ->  +------------------+
 *                  | struct pt_regs   |  user registers (fork: a copy of
 *                  +------------------+  the parent's, rax = 0)
 *                  | ret_from_fork_asm|  return address of the switch
 *                  | rbp rbx r12      |  rbx = thread fn (0 for a user
 *                  | r13 r14 r15      |  task), r12 = its argument
 *   task->rsp  ->  +------------------+
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/traps.h"
#include "mm/fork.h"
#include "mm/mm.h"

extern char ret_from_fork_asm[];

/* Every task but swapper, in creation order. */
static LIST_HEAD(all_tasks);
static int last_pid;
#define PID_MAX 32768

struct list_head *task_list(void)
{
	return &all_tasks;
}

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	list_for_each_entry(t, &all_tasks, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

int nr_tasks(void)
{
	struct task_struct *t;
	int n = 0;

	list_for_each_entry(t, &all_tasks, tasks)
		n++;
	return n;
}

/* Next free pid, counting up and wrapping like Linux. */
static int alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		last_pid = last_pid + 1 < PID_MAX ? last_pid + 1 : 1;
		if (!find_task_by_pid(last_pid))
			return last_pid;
	}
	return -EAGAIN;
}

struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)t->kstack_top - 1;
}

static struct task_struct *alloc_task(const char *comm)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->kstack_top = kstack_alloc();
	int pid = alloc_pid();
	if (!t->kstack_top || pid < 0) {
		if (t->kstack_top)
			kstack_free(t->kstack_top);
		kfree(t);
		return NULL;
	}
	t->pid = pid;
	strlcpy(t->comm, comm, sizeof(t->comm));
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->wait_entry);
	INIT_LIST_HEAD(&t->timer_entry);
	init_waitqueue_head(&t->wait_chldexit);
	t->start_jiffies = jiffies_read();
	fpu_state_init(&t->fpu);
	return t;
}

void free_task(struct task_struct *t)
{
	list_del_init(&t->tasks);
	kstack_free(t->kstack_top);
	kfree(t);
}

/* The frame __switch_to_asm pops: r15 r14 r13 r12 rbx rbp, then ret. */
static void setup_first_frame(struct task_struct *t, int (*fn)(void *),
			      void *arg)
{
	u64 *sp = (u64 *)task_pt_regs(t);

	*--sp = (u64)ret_from_fork_asm;
	*--sp = 0; /* rbp: ends backtraces */
	*--sp = (u64)fn; /* rbx */
	*--sp = (u64)arg; /* r12 */
	*--sp = 0; /* r13 */
	*--sp = 0; /* r14 */
	*--sp = 0; /* r15 */
	t->rsp = (u64)sp;
}

static void link_child(struct task_struct *parent, struct task_struct *t)
{
	t->parent = parent;
	list_add_tail(&t->sibling, &parent->children);
	list_add_tail(&t->tasks, &all_tasks);
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name)
{
	struct task_struct *t = alloc_task(name);

	if (!t)
		return NULL;
	setup_first_frame(t, fn, arg);
	link_child(current, t);
	sched_add_new(t);
	return t;
}

long do_fork(struct pt_regs *regs)
{
	struct task_struct *t = alloc_task(current->comm);

	if (!t)
		return -EAGAIN;
	t->mm = dup_mm(current->mm); /* copy-on-write: no page copied */
	t->files = current->files ? dup_files(current->files) : NULL;
	if (!t->mm || (current->files && !t->files)) {
		if (t->mm)
			mmput(t->mm);
		if (t->files)
			put_files(t->files);
		kstack_free(t->kstack_top);
		kfree(t);
		return -ENOMEM;
	}
	t->fs_base = current->fs_base;
	fpu_save(&t->fpu); /* the child starts with the parent's registers */
	*task_pt_regs(t) = *regs;
	task_pt_regs(t)->rax = 0; /* the child's fork() returns 0 */
	setup_first_frame(t, NULL, NULL);
	link_child(current, t);
	sched_add_new(t);
	return t->pid;
}

static long sys_fork(void)
{
	return do_fork(task_pt_regs(current));
}
SYSCALL(__NR_fork, sys_fork);

/* vfork shares the parent's memory until exec in Linux; a COW fork has
 * the same visible behaviour for correct programs. */
static long sys_vfork(void)
{
	return do_fork(task_pt_regs(current));
}
SYSCALL(__NR_vfork, sys_vfork);
