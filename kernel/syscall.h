/*
 * syscall.h - the Linux x86-64 system-call ABI.
 *
 * A program executes `syscall` with the number in rax and arguments in
 * rdi, rsi, rdx, r10, r8, r9; the result (or -errno) comes back in rax.
 * The numbers are Linux's (arch/x86/entry/syscalls/syscall_64.tbl), so
 * the same static binary runs on Linux and on faultline.
 *
 * Each system call registers itself next to its code:
 *
 *	static long sys_getpid(void) { return current->pid; }
 *	SYSCALL(__NR_getpid, sys_getpid);
 *
 * Anything unregistered returns -ENOSYS (logged once per number).
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/types.h"

#define __NR_read 0
#define __NR_write 1
#define __NR_open 2
#define __NR_close 3
#define __NR_stat 4
#define __NR_fstat 5
#define __NR_lstat 6
#define __NR_poll 7
#define __NR_lseek 8
#define __NR_mmap 9
#define __NR_mprotect 10
#define __NR_munmap 11
#define __NR_brk 12
#define __NR_rt_sigaction 13
#define __NR_rt_sigprocmask 14
#define __NR_rt_sigreturn 15
#define __NR_ioctl 16
#define __NR_pread64 17
#define __NR_pwrite64 18
#define __NR_readv 19
#define __NR_writev 20
#define __NR_access 21
#define __NR_pipe 22
#define __NR_sched_yield 24
#define __NR_madvise 28
#define __NR_dup 32
#define __NR_dup2 33
#define __NR_nanosleep 35
#define __NR_getpid 39
#define __NR_clone 56
#define __NR_fork 57
#define __NR_vfork 58
#define __NR_execve 59
#define __NR_exit 60
#define __NR_wait4 61
#define __NR_kill 62
#define __NR_uname 63
#define __NR_fcntl 72
#define __NR_getcwd 79
#define __NR_chdir 80
#define __NR_getrusage 98
#define __NR_sysinfo 99
#define __NR_getuid 102
#define __NR_getgid 104
#define __NR_geteuid 107
#define __NR_getegid 108
#define __NR_getppid 110
#define __NR_getpgrp 111
#define __NR_getpgid 121
#define __NR_getsid 124
#define __NR_arch_prctl 158
#define __NR_gettid 186
#define __NR_tkill 200
#define __NR_getdents64 217
#define __NR_set_tid_address 218
#define __NR_clock_gettime 228
#define __NR_exit_group 231
#define __NR_tgkill 234
#define __NR_openat 257
#define __NR_newfstatat 262
#define __NR_pipe2 293
#define __NR_dup3 292
#define __NR_prlimit64 302
#define __NR_getrandom 318
#define NR_SYSCALLS 335

typedef long (*syscall_fn_t)(long, long, long, long, long, long);

struct syscall_entry {
	int nr;
	const char *name;
	syscall_fn_t fn;
};

/* Handlers take their real types; the (void (*)(void)) step is how C
 * says "yes, this function-pointer cast is deliberate" (the ABI passes
 * the six argument registers whatever the handler declares). */
#define SYSCALL(nr, fn)                                                   \
	static const struct syscall_entry __syscall_##fn __used          \
		__section(".syscalls") __aligned(8) = {                   \
			nr, #fn, (syscall_fn_t)(void (*)(void))fn }

struct pt_regs;
void syscall_init(void);
void do_syscall_64(struct pt_regs *regs);
const char *syscall_name(int nr);

#endif
