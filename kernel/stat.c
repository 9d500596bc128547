/*
 * stat.c - stat, lstat, fstat, newfstatat: what a file is, in Linux
 * x86-64's struct stat (kernel/fs.h).
 *
 * No file here has an owner other than root or a time: uid, gid and the
 * three timestamps are 0 (the archive's mtimes are fixed at 0 anyway, for
 * reproducible images). There are no symlinks, so lstat is stat.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/string.h"
#include "kernel/syscall.h"

void cp_new_stat(const struct kstat *kst, struct stat *st)
{
	/* Every byte is set: the padding goes to user space too. */
	memset(st, 0, sizeof(*st));
	st->st_dev = kst->dev;
	st->st_ino = kst->ino;
	st->st_nlink = kst->nlink;
	st->st_mode = kst->mode;
	st->st_rdev = kst->rdev;
	st->st_size = (long)kst->size;
	st->st_blksize = (long)kst->blksize;
	st->st_blocks = (long)kst->blocks;
}

static long copy_stat_to_user(const struct kstat *kst, struct stat __user *ust)
{
	struct stat st;

	cp_new_stat(kst, &st);
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

static long vfs_fstat(int fd, struct kstat *kst)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	memset(kst, 0, sizeof(*kst));
	err = f->f_op->stat ? f->f_op->stat(f, kst) : -EINVAL;
	fput(f);
	return err;
}

static long sys_fstat(int fd, struct stat __user *ust)
{
	struct kstat kst;
	long err = vfs_fstat(fd, &kst);

	return err ? err : copy_stat_to_user(&kst, ust);
}
SYSCALL(__NR_fstat, sys_fstat);

static long sys_newfstatat(int dfd, const char __user *upath,
			   struct stat __user *ust, int flags)
{
	char kpath[FS_PATH_MAX];
	struct fs_node node;
	struct kstat kst;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	err = getname(upath, kpath);
	if (err)
		return err;
	if (!kpath[0] && (flags & AT_EMPTY_PATH))
		return sys_fstat(dfd, ust);
	err = fs_lookup_at(dfd, kpath, &node);
	if (err)
		return err;
	fs_node_stat(&node, &kst);
	return copy_stat_to_user(&kst, ust);
}
SYSCALL(__NR_newfstatat, sys_newfstatat);

static long sys_stat(const char __user *path, struct stat __user *ust)
{
	return sys_newfstatat(AT_FDCWD, path, ust, 0);
}
SYSCALL(__NR_stat, sys_stat);

static long sys_lstat(const char __user *path, struct stat __user *ust)
{
	return sys_newfstatat(AT_FDCWD, path, ust, AT_SYMLINK_NOFOLLOW);
}
SYSCALL(__NR_lstat, sys_lstat);
