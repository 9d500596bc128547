/*
 * fcntl.c - descriptors as handles: dup, dup2, dup3, fcntl, ioctl.
 *
 * A duplicate is a second slot pointing at the same struct file (one more
 * f_count): both share the offset and the status flags, but each slot has
 * its own close-on-exec flag - the one thing fcntl(F_SETFD) changes.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
/* The status flags F_SETFL may change (Linux's SETFL_MASK, reduced). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

/* A new descriptor >= from for the file at oldfd. */
static long dupfd(int oldfd, int from, bool cloexec)
{
	struct file *f = fget(oldfd);

	if (!f)
		return -EBADF;
	if (from < 0 || from >= NR_OPEN) {
		fput(f);
		return -EINVAL;
	}
	int fd = alloc_fd(f, from, cloexec); /* takes over fget's ref */
	if (fd < 0)
		fput(f);
	return fd;
}

static long sys_dup(int oldfd)
{
	return dupfd(oldfd, 0, false);
}
SYSCALL(__NR_dup, sys_dup);

static long do_dup3(int oldfd, int newfd, bool cloexec)
{
	struct file *f = fget(oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= NR_OPEN) {
		fput(f);
		return -EBADF;
	}
	replace_fd(current->files, newfd, f, cloexec);
	return newfd;
}

static long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd) {
		/* Nothing to do, but oldfd must be open. */
		struct file *f = fget(oldfd);
		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup3(oldfd, newfd, false);
}
SYSCALL(__NR_dup2, sys_dup2);

static long sys_dup3(int oldfd, int newfd, int flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags & O_CLOEXEC);
}
SYSCALL(__NR_dup3, sys_dup3);

static long setfl(int fd, unsigned int flags)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	f->f_flags = (f->f_flags & ~SETFL_MASK) | (flags & SETFL_MASK);
	fput(f);
	return 0;
}

static long getfl(int fd)
{
	struct file *f = fget(fd);
	long flags;

	if (!f)
		return -EBADF;
	flags = f->f_flags;
	fput(f);
	return flags;
}

static long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dupfd(fd, (int)MIN(arg, (unsigned long)NR_OPEN),
			     cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
	case F_SETFD:
		if (!files_lookup_fd(current->files, fd))
			return -EBADF;
		if (cmd == F_GETFD)
			return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return getfl(fd);
	case F_SETFL:
		return setfl(fd, (unsigned int)arg);
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_fcntl, sys_fcntl);

static long sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
	fput(f);
	return ret;
}
SYSCALL(__NR_ioctl, sys_ioctl);
