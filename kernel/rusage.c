/*
 * rusage.c - getrusage() and wait4()'s rusage: fault counts, so a
 * program can see minor vs major faults (ru_minflt / ru_majflt) the way
 * it would on Linux.
 *
 * A task's counts = what it gathered in earlier address spaces (kept in
 * the task at execve and exit) + its current mm's counters.
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "mm/memory.h"
#include "mm/uaccess.h"

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)

/* Linux's struct rusage on x86-64: two timevals then 14 longs. */
struct linux_rusage {
	s64 utime_sec, utime_usec, stime_sec, stime_usec;
	s64 maxrss, ixrss, idrss, isrss, minflt, majflt, nswap;
	s64 inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

static void task_faults(struct task_struct *t, u64 *min, u64 *maj)
{
	*min = t->min_flt;
	*maj = t->maj_flt;
	if (t->mm) {
		*min += t->mm->stats.events[MM_MIN_FLT];
		*maj += t->mm->stats.events[MM_MAJ_FLT];
	}
}

static void ticks_to_timeval(u64 ticks, s64 *sec, s64 *usec)
{
	u64 ms = jiffies_to_msecs(ticks);

	*sec = ms / 1000;
	*usec = (ms % 1000) * 1000;
}

int fill_rusage(struct task_struct *t, void __user *ru)
{
	struct linux_rusage r;
	u64 min, maj;

	memset(&r, 0, sizeof(r));
	task_faults(t, &min, &maj);
	r.minflt = min;
	r.majflt = maj;
	ticks_to_timeval(t->utime_ticks, &r.utime_sec, &r.utime_usec);
	ticks_to_timeval(t->stime_ticks, &r.stime_sec, &r.stime_usec);
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}

static long sys_getrusage(int who, void __user *ru)
{
	if (who == RUSAGE_SELF)
		return fill_rusage(current, ru);
	if (who == RUSAGE_CHILDREN) {
		struct linux_rusage r;
		memset(&r, 0, sizeof(r));
		r.minflt = current->children_min_flt;
		r.majflt = current->children_maj_flt;
		return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
	}
	return -EINVAL;
}
SYSCALL(__NR_getrusage, sys_getrusage);
