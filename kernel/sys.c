/*
 * sys.c - who and what the system is: uname, the user and group ids,
 * process group, resource limits, sysinfo, and sched_yield.
 *
 * faultline has one user (root: every id is 0) and one process group
 * and session, led by init (getpgrp() and getsid() are 1 for everyone). Limits are fixed: they
 * describe the kernel's real ceilings and cannot be changed.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "mm/uaccess.h"
#include "mm/vma.h"

#define UTS_LEN 65 /* __NEW_UTS_LEN + 1 */
#define UTS_SYSNAME "faultline"
#define UTS_NODENAME "faultline"
#define UTS_RELEASE "0.1"
#define UTS_VERSION "#1"
#define UTS_MACHINE "x86_64"
#define UTS_DOMAINNAME "(none)"
#define INIT_PGRP 1

struct new_utsname {
	char sysname[UTS_LEN];
	char nodename[UTS_LEN];
	char release[UTS_LEN];
	char version[UTS_LEN];
	char machine[UTS_LEN];
	char domainname[UTS_LEN];
};

static long sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, UTS_SYSNAME, UTS_LEN);
	strlcpy(u.nodename, UTS_NODENAME, UTS_LEN);
	strlcpy(u.release, UTS_RELEASE, UTS_LEN);
	strlcpy(u.version, UTS_VERSION, UTS_LEN);
	strlcpy(u.machine, UTS_MACHINE, UTS_LEN);
	strlcpy(u.domainname, UTS_DOMAINNAME, UTS_LEN);
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}
SYSCALL(__NR_uname, sys_uname);

static long sys_getuid(void)
{
	return 0;
}
SYSCALL(__NR_getuid, sys_getuid);

static long sys_geteuid(void)
{
	return 0;
}
SYSCALL(__NR_geteuid, sys_geteuid);

static long sys_getgid(void)
{
	return 0;
}
SYSCALL(__NR_getgid, sys_getgid);

static long sys_getegid(void)
{
	return 0;
}
SYSCALL(__NR_getegid, sys_getegid);

static long sys_getpgrp(void)
{
	return INIT_PGRP;
}
SYSCALL(__NR_getpgrp, sys_getpgrp);

/* musl's getpgrp() is getpgid(0). */
static long sys_getpgid(int pid)
{
	if (pid && (pid < 0 || !find_task_by_pid(pid)))
		return -ESRCH;
	return INIT_PGRP;
}
SYSCALL(__NR_getpgid, sys_getpgid);

/* One session too, led by init. */
static long sys_getsid(int pid)
{
	return sys_getpgid(pid);
}
SYSCALL(__NR_getsid, sys_getsid);

/* Resource limits: Linux's numbering and struct rlimit64. */
#define RLIM_INFINITY (~0UL)
enum {
	RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE,
	RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_MEMLOCK, RLIMIT_AS,
	RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE,
	RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIM_NLIMITS
};

struct rlimit64 {
	u64 rlim_cur, rlim_max;
};

#define UNLIMITED { RLIM_INFINITY, RLIM_INFINITY }

/* Each limit that is not UNLIMITED is a real ceiling of the kernel. */
static const struct rlimit64 rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = UNLIMITED,
	[RLIMIT_FSIZE] = UNLIMITED,
	[RLIMIT_DATA] = UNLIMITED,
	[RLIMIT_RSS] = UNLIMITED,
	[RLIMIT_MEMLOCK] = UNLIMITED,
	[RLIMIT_AS] = UNLIMITED,
	[RLIMIT_LOCKS] = UNLIMITED,
	[RLIMIT_SIGPENDING] = UNLIMITED,
	[RLIMIT_MSGQUEUE] = UNLIMITED,
	[RLIMIT_RTTIME] = UNLIMITED,
	/* The stack VMA grows no further than this (mm/vma.h). */
	[RLIMIT_STACK] = { STACK_RLIMIT, STACK_RLIMIT },
	/* No core dumps are ever written. */
	[RLIMIT_CORE] = { 0, 0 },
	/* Every task needs a kernel stack slot. */
	[RLIMIT_NPROC] = { KSTACK_SLOTS, KSTACK_SLOTS },
	/* The descriptor table has NR_OPEN slots. */
	[RLIMIT_NOFILE] = { NR_OPEN, NR_OPEN },
	/* No scheduling priorities. */
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
};

/* Read-only: setting a limit (new != NULL) fails with EPERM, as Linux
 * does for a limit one may not raise. Other processes' limits are the
 * same as ours, but we only answer for ourselves. */
static long sys_prlimit64(int pid, unsigned int resource,
			  const struct rlimit64 __user *new,
			  struct rlimit64 __user *old)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && pid != current->pid)
		return -EPERM;
	if (new)
		return -EPERM;
	if (old && copy_to_user(old, &rlimits[resource], sizeof(*old)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_prlimit64, sys_prlimit64);

/* Linux x86-64's struct sysinfo (112 bytes). */
struct sysinfo {
	long uptime; /* seconds since boot */
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit; /* sizes are in units of this many bytes */
};

static long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(jiffies_read() / HZ);
	si.totalram = nr_total_frames() * PAGE_SIZE;
	si.freeram = nr_free_frames() * PAGE_SIZE;
	/* Swap: every active swap area (pages, in mem_unit units). */
	si.totalswap = get_total_swap_pages() * PAGE_SIZE;
	si.freeswap = get_nr_swap_pages() * PAGE_SIZE;
	si.procs = (unsigned short)nr_tasks();
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}
SYSCALL(__NR_sysinfo, sys_sysinfo);

/* Give the CPU to the next runnable task, if any; we stay runnable. */
static long sys_sched_yield(void)
{
	current->state = TASK_RUNNING;
	schedule();
	return 0;
}
SYSCALL(__NR_sched_yield, sys_sched_yield);
