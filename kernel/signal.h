/*
 * signal.h - signals, as far as faultline goes: default actions only.
 *
 * A fault or kill() ends the task the way Linux's default action would
 * (terminate; the wait status says which signal). Handlers installed with
 * rt_sigaction() are accepted and never called - a documented limit.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/types.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define NSIG 64

/* Wait-status encoding (Linux): exit code c -> c << 8; signal s -> s. */
static inline int wait_status_exited(int code)
{
	return (code & 0xff) << 8;
}
static inline int wait_status_signaled(int sig)
{
	return sig & 0x7f;
}
static inline bool wait_status_is_signal(int status)
{
	return (status & 0x7f) != 0;
}

struct pt_regs;
/* Kill current for a fault, after one line on the console saying why:
 *   faultline: pid 7 (cowtest): SIGSEGV at 0x10000000, rip 0x401234:
 *   write to an area without VM_WRITE
 */
__noreturn void force_sig_fault(int sig, unsigned long addr,
				const struct pt_regs *regs, const char *reason);
const char *signal_name(int sig);

#endif
