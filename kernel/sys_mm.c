/*
 * sys_mm.c - the memory system calls: thin wrappers over mm/mmap.c with
 * Linux's argument checks, plus the few per-process calls musl's
 * start-up makes (arch_prctl, set_tid_address).
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/x86.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static long sys_brk(unsigned long brk)
{
	return do_brk(current->mm, brk);
}
SYSCALL(__NR_brk, sys_brk);

static long sys_mmap(unsigned long addr, unsigned long len,
		     unsigned long prot, unsigned long flags, int fd,
		     unsigned long off)
{
	(void)fd;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return (long)do_mmap(current->mm, addr, len, prot, flags);
}
SYSCALL(__NR_mmap, sys_mmap);

static long sys_munmap(unsigned long addr, unsigned long len)
{
	return do_munmap(current->mm, addr, len);
}
SYSCALL(__NR_munmap, sys_munmap);

static long sys_mprotect(unsigned long addr, unsigned long len,
			 unsigned long prot)
{
	return do_mprotect(current->mm, addr, len, prot);
}
SYSCALL(__NR_mprotect, sys_mprotect);

/*
 * MADV_DONTNEED drops the pages of a private range: the next touch sees
 * zeroes again (Linux's semantics for anonymous memory). The advisory
 * values are accepted and ignored, as Linux may.
 */
static long sys_madvise(unsigned long start, size_t len, int advice)
{
	struct mm_struct *mm = current->mm;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (start + len < start)
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
		return 0;
	case MADV_DONTNEED:
		return madvise_dontneed(mm, start, start + len);
	default:
		return madvise_other(mm, start, start + len, advice);
	}
}
SYSCALL(__NR_madvise, sys_madvise);

static long sys_arch_prctl(int code, unsigned long addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE)
			return -EPERM;
		current->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &current->fs_base, 8)
			       ? -EFAULT
			       : 0;
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_arch_prctl, sys_arch_prctl);

static long sys_set_tid_address(unsigned long tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}
SYSCALL(__NR_set_tid_address, sys_set_tid_address);

static long sys_getpid(void)
{
	return current->pid;
}
SYSCALL(__NR_getpid, sys_getpid);

static long sys_gettid(void)
{
	return current->pid;
}
SYSCALL(__NR_gettid, sys_gettid);

static long sys_getppid(void)
{
	return current->parent ? current->parent->pid : 0;
}
SYSCALL(__NR_getppid, sys_getppid);
