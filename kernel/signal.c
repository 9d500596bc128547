/*
 * signal.c - user faults become fatal signals; kill(); the signal calls
 * that musl makes at start-up and in abort().
 */
#include "kernel/signal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/traps.h"
#include "mm/fault.h"
#include "mm/uaccess.h"

const char *signal_name(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT",
		[SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
		[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
		[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
		[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
		[SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",
		[SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
	};
	if (sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return "signal";
}

void force_sig_fault(int sig, unsigned long addr, const struct pt_regs *regs,
		     const char *reason)
{
	char bits[96] = "";

	if (regs->vector == X86_TRAP_PF) {
		bits[0] = '[';
		decode_pf_error(regs->error_code, bits + 1, sizeof(bits) - 3);
		strlcpy(bits + strlen(bits), "] ", sizeof(bits) - strlen(bits));
	}
	pr_info("faultline: pid %d (%s): %s at %p, rip %p: %s%s\n",
		current->pid, current->comm, signal_name(sig), (void *)addr,
		(void *)regs->rip, bits, reason);
	do_exit(wait_status_signaled(sig));
}

/* A page fault's verdict (mm/fault.c) decides the signal. */
static int fault_signal(const char **reason)
{
	const struct fault_report *r = last_fault_report();

	*reason = r->reason;
	switch (r->result) {
	case FAULT_OOM:
		return SIGKILL; /* Linux's OOM killer uses SIGKILL */
	case FAULT_SIGBUS:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/* Any exception in user mode (kernel/traps.c): the process dies. */
void user_exception(struct pt_regs *regs, u64 cr2)
{
	const char *reason = trap_name(regs->vector);
	int sig;

	switch (regs->vector) {
	case X86_TRAP_PF:
		sig = fault_signal(&reason);
		break;
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		sig = SIGFPE;
		break;
	case X86_TRAP_UD:
		sig = SIGILL;
		break;
	case X86_TRAP_BP:
	case X86_TRAP_DB:
		sig = SIGTRAP;
		break;
	case X86_TRAP_AC:
		sig = SIGBUS;
		break;
	default:
		sig = SIGSEGV;
		break;
	}
	force_sig_fault(sig, regs->vector == X86_TRAP_PF ? cr2 : regs->rip,
			regs, reason);
}

/*
 * kill(): the default action of every signal we send is to terminate.
 * The target acts on it at its next return to user mode (a task asleep
 * in the kernel finishes that sleep first - a documented limit).
 */
static long sys_kill(int pid, int sig)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	struct task_struct *t = pid > 0 ? find_task_by_pid(pid) : NULL;
	if (!t || t->state == TASK_ZOMBIE)
		return -ESRCH;
	if (sig && sig != SIGCHLD && !t->pending_signal)
		t->pending_signal = sig;
	return 0;
}
SYSCALL(__NR_kill, sys_kill);

static long sys_tkill(int tid, int sig)
{
	return sys_kill(tid, sig);
}
SYSCALL(__NR_tkill, sys_tkill);

static long sys_tgkill(int tgid, int tid, int sig)
{
	(void)tgid;
	return sys_kill(tid, sig);
}
SYSCALL(__NR_tgkill, sys_tgkill);

/* Accepted so musl's start-up and abort() work; handlers never run. */
static long sys_rt_sigaction(int sig, const void __user *act,
			     void __user *oact, size_t sigsetsize)
{
	static const u8 zero[32];

	(void)act;
	if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sigsetsize != 8)
		return -EINVAL;
	if (oact && copy_to_user(oact, zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_rt_sigaction, sys_rt_sigaction);

static long sys_rt_sigprocmask(int how, const void __user *set,
			       void __user *oset, size_t sigsetsize)
{
	u64 none = 0;

	(void)how;
	(void)set;
	if (sigsetsize != 8)
		return -EINVAL;
	if (oset && copy_to_user(oset, &none, sizeof(none)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_rt_sigprocmask, sys_rt_sigprocmask);
