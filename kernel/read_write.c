/*
 * read_write.c - read, write, readv, writev, pread64, lseek.
 *
 * Each call is: look the descriptor up (fget, a reference for the call),
 * check the file was opened for that direction, describe the user's
 * buffers as one iov_iter, let the file's operation move the bytes. For a
 * seekable file the offset is read and written back under f_pos_lock, so
 * processes sharing the file (after fork) never read the same bytes
 * twice, even when one sleeps in the middle (a user page being swapped
 * in).
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/syscall.h"
#include "kernel/uio.h"
#include "mm/mm.h"

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

static ssize_t vfs_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	if ((f->f_flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!f->f_op->read_iter)
		return -EINVAL;
	return f->f_op->read_iter(f, to, pos);
}

static ssize_t vfs_write(struct file *f, struct iov_iter *from, u64 *pos)
{
	if ((f->f_flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->f_op->write_iter)
		return -EINVAL;
	return f->f_op->write_iter(f, from, pos);
}

/* read/write at the file's own offset (unused by non-seekable files). */
static ssize_t rw_at_f_pos(struct file *f, struct iov_iter *i, bool write)
{
	u64 pos;
	ssize_t ret;

	mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	ret = write ? vfs_write(f, i, &pos) : vfs_read(f, i, &pos);
	if (ret > 0)
		f->f_pos = pos;
	mutex_unlock(&f->f_pos_lock);
	return ret;
}

static ssize_t do_rw(int fd, struct iov_iter *i, bool write)
{
	struct file *f = fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	/* Non-seekable files (pipes, the console) may block for long:
	 * they do not hold f_pos_lock, which they do not use. */
	if (f->f_op->seekable)
		ret = rw_at_f_pos(f, i, write);
	else
		ret = write ? vfs_write(f, i, NULL) : vfs_read(f, i, NULL);
	fput(f);
	return ret;
}

static long sys_read(int fd, void __user *buf, size_t count)
{
	struct iov_iter to;

	iov_iter_init_buf(&to, true, buf, MIN(count, MAX_RW_COUNT));
	return do_rw(fd, &to, false);
}
SYSCALL(__NR_read, sys_read);

static long sys_write(int fd, const void __user *buf, size_t count)
{
	struct iov_iter from;

	iov_iter_init_buf(&from, true, (void *)buf, MIN(count, MAX_RW_COUNT));
	return do_rw(fd, &from, true);
}
SYSCALL(__NR_write, sys_write);

static long do_rwv(int fd, const struct iovec __user *uvec, int vlen,
		   bool write)
{
	struct iovec *vec;
	struct iov_iter i;
	long ret = import_iovec(uvec, vlen, &vec, &i);

	if (ret >= 0)
		ret = do_rw(fd, &i, write);
	kfree(vec);
	return ret;
}

static long sys_readv(int fd, const struct iovec __user *vec, int vlen)
{
	return do_rwv(fd, vec, vlen, false);
}
SYSCALL(__NR_readv, sys_readv);

static long sys_writev(int fd, const struct iovec __user *vec, int vlen)
{
	return do_rwv(fd, vec, vlen, true);
}
SYSCALL(__NR_writev, sys_writev);

/* pread64 reads at pos and leaves the file's offset alone. */
static long sys_pread64(int fd, void __user *buf, size_t count, long pos)
{
	struct iov_iter to;
	struct file *f;
	long ret = -ESPIPE;

	if (pos < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (f->f_op->seekable) {
		u64 p = (u64)pos;
		iov_iter_init_buf(&to, true, buf, MIN(count, MAX_RW_COUNT));
		ret = vfs_read(f, &to, &p);
	}
	fput(f);
	return ret;
}
SYSCALL(__NR_pread64, sys_pread64);

/* The new offset for lseek, or -EINVAL if it would be negative. */
static long seek_target(struct file *f, long off, int whence)
{
	struct kstat st = { 0 };
	long base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (long)f->f_pos;
		break;
	case SEEK_END:
		if (f->f_op->stat && f->f_op->stat(f, &st))
			return -EINVAL;
		base = (long)st.size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &base) || base < 0)
		return -EINVAL;
	return base;
}

static long sys_lseek(int fd, long off, int whence)
{
	struct file *f = fget(fd);
	long ret = -ESPIPE;

	if (!f)
		return -EBADF;
	if (f->f_op->seekable) {
		mutex_lock(&f->f_pos_lock);
		ret = seek_target(f, off, whence);
		if (ret >= 0)
			f->f_pos = (u64)ret;
		mutex_unlock(&f->f_pos_lock);
	}
	fput(f);
	return ret;
}
SYSCALL(__NR_lseek, sys_lseek);
