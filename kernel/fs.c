/*
 * fs.c - initramfs files and directories as open files; open(), access(),
 * the working directory.
 *
 * The tree is read-only: anything that would change it fails with EROFS,
 * as on Linux for a file system mounted read-only. Each open file keeps
 * a copy of its fs_node (the canonical path and the archive entry), so a
 * directory knows what it lists and a file where its bytes are.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/procfs.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/uio.h"
#include "mm/mm.h"

/* Largest kernel buffer one getdents64 fills (it may return less). */
#define DIRENT_BOUNCE_MAX PAGE_SIZE
#define S_IXUGO 0111 /* execute permission for anyone */

const struct initramfs *fs_root(void)
{
	return initramfs_boot();
}

static ssize_t fs_file_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	const struct initramfs_file *file =
		((struct fs_node *)f->private_data)->file;

	if (*pos >= file->size || !iov_iter_count(to))
		return 0;
	size_t n = MIN(iov_iter_count(to), file->size - *pos);
	size_t done = copy_to_iter(file->data + *pos, n, to);
	if (!done)
		return -EFAULT;
	*pos += done;
	return (ssize_t)done;
}

static int fs_node_file_stat(struct file *f, struct kstat *st)
{
	fs_node_stat(f->private_data, st);
	return 0;
}

static void fs_node_release(struct file *f)
{
	kfree(f->private_data);
}

static const struct file_operations fs_file_ops = {
	.read_iter = fs_file_read,
	.stat = fs_node_file_stat,
	.seekable = true,
	.release = fs_node_release,
};

static ssize_t fs_dir_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	(void)f, (void)to, (void)pos;
	return -EISDIR;
}

/* f_pos is a listing position (fs.h); called with f_pos_lock held. */
static ssize_t fs_dir_getdents64(struct file *f, struct iov_iter *to)
{
	const struct fs_node *node = f->private_data;
	size_t size = MIN(iov_iter_count(to), DIRENT_BOUNCE_MAX);
	u64 pos = f->f_pos;

	if (!size)
		return -EINVAL;
	void *buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ssize_t n = fs_fill_dirents(fs_root(), node->path, &pos, buf, size);
	if (n > 0 && copy_to_iter(buf, n, to) != (size_t)n)
		n = -EFAULT;
	if (n > 0)
		f->f_pos = pos;
	kfree(buf);
	return n;
}

static const struct file_operations fs_dir_ops = {
	.read_iter = fs_dir_read,
	.stat = fs_node_file_stat,
	.getdents64 = fs_dir_getdents64,
	.seekable = true, /* lseek(fd, 0, SEEK_SET) rewinds a listing */
	.release = fs_node_release,
};

struct file *fs_open_node(const struct fs_node *node, unsigned int flags)
{
	struct fs_node *copy = kmalloc(sizeof(*copy), GFP_KERNEL);

	if (!copy)
		return NULL;
	*copy = *node;
	struct file *f = file_alloc(S_ISDIR(node->mode) ? &fs_dir_ops
							: &fs_file_ops,
				    copy, flags);
	if (!f)
		kfree(copy);
	return f;
}

const struct initramfs_file *file_initramfs(struct file *f)
{
	if (f->f_op != &fs_file_ops)
		return NULL;
	return ((struct fs_node *)f->private_data)->file;
}

int getname(const char __user *upath, char *kpath)
{
	long n = strncpy_from_user(kpath, upath, FS_PATH_MAX);

	return n < 0 ? (int)n : 0;
}

/* The working directory of current ("/" for a kernel thread). */
static const char *current_cwd(void)
{
	return current->files ? current->files->cwd : "/";
}

int fs_resolve_cwd(const char *path, char *out)
{
	return path_resolve(current_cwd(), path, out, FS_PATH_MAX);
}

int path_at(int dfd, const char *kpath, char *out)
{
	if (kpath[0] == '/' || dfd == AT_FDCWD)
		return fs_resolve_cwd(kpath, out);
	struct file *dir = fget(dfd);
	if (!dir)
		return -EBADF;
	int err = -ENOTDIR;
	if (dir->f_op == &fs_dir_ops)
		err = path_resolve(((struct fs_node *)dir->private_data)->path,
				   kpath, out, FS_PATH_MAX);
	fput(dir);
	return err;
}

/* Look up canon, the resolved form of kpath (whose trailing slash, if
 * any, demands a directory). */
static int lookup_resolved(const char *kpath, const char *canon,
			   struct fs_node *node)
{
	int err = fs_lookup(fs_root(), canon, node);

	if (!err && path_wants_dir(kpath) && !S_ISDIR(node->mode))
		err = -ENOTDIR;
	return err;
}

int fs_lookup_at(int dfd, const char *kpath, struct fs_node *node)
{
	char canon[FS_PATH_MAX];
	int err = path_at(dfd, kpath, canon);

	return err ? err : lookup_resolved(kpath, canon, node);
}

/* Copy, resolve and look up a user path: how the path calls start. */
static int user_lookup(int dfd, const char __user *upath,
		       struct fs_node *node)
{
	char kpath[FS_PATH_MAX];
	int err = getname(upath, kpath);

	return err ? err : fs_lookup_at(dfd, kpath, node);
}

/* May node be opened with flags on a read-only tree? 0 or -errno. */
static int may_open(const struct fs_node *node, int flags)
{
	bool dir = S_ISDIR(node->mode);

	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if ((flags & O_DIRECTORY) && !dir)
		return -ENOTDIR;
	if (dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	if (!dir && !S_ISREG(node->mode))
		return -EACCES; /* links, device nodes: not supported */
	return 0;
}

/* /proc lives beside the initramfs tree (kernel/procfs.c). */
static long open_proc(const char *canon, int flags)
{
	int err;
	struct file *f = procfs_open(canon, flags, &err);

	if (!f)
		return err;
	int fd = alloc_fd(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

static long do_sys_open(int dfd, const char __user *upath, int flags)
{
	struct fs_node node;
	char kpath[FS_PATH_MAX], canon[FS_PATH_MAX];

	int err = getname(upath, kpath);
	if (!err)
		err = path_at(dfd, kpath, canon);
	if (err)
		return err;
	if (procfs_path(canon))
		return open_proc(canon, flags);
	err = lookup_resolved(kpath, canon, &node);

	if (err == -ENOENT && (flags & O_CREAT))
		return -EROFS; /* it would be created, on a read-only tree */
	if (!err)
		err = may_open(&node, flags);
	if (err)
		return err;
	struct file *f = fs_open_node(&node, flags);
	if (!f)
		return -ENOMEM;
	int fd = alloc_fd(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

static long sys_open(const char __user *path, int flags, int mode)
{
	(void)mode; /* only for O_CREAT, which never succeeds */
	return do_sys_open(AT_FDCWD, path, flags);
}
SYSCALL(__NR_open, sys_open);

static long sys_openat(int dfd, const char __user *path, int flags,
		       int mode)
{
	(void)mode;
	return do_sys_open(dfd, path, flags);
}
SYSCALL(__NR_openat, sys_openat);

/* The caller is root (uid 0): reading is always allowed, executing needs
 * some x bit on a file, writing is refused by the read-only tree. */
static long sys_access(const char __user *path, int mode)
{
	struct fs_node node;
	int err;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	err = user_lookup(AT_FDCWD, path, &node);
	if (err)
		return err;
	if (mode & W_OK)
		return -EROFS;
	if ((mode & X_OK) && !S_ISDIR(node.mode) && !(node.mode & S_IXUGO))
		return -EACCES;
	return 0;
}
SYSCALL(__NR_access, sys_access);

/* Linux's getcwd returns the length including the NUL. */
static long sys_getcwd(char __user *buf, size_t size)
{
	const char *cwd = current_cwd();
	size_t len = strlen(cwd) + 1;

	if (size < len)
		return -ERANGE;
	if (copy_to_user(buf, cwd, len))
		return -EFAULT;
	return (long)len;
}
SYSCALL(__NR_getcwd, sys_getcwd);

static long sys_chdir(const char __user *path)
{
	struct fs_node node;
	int err = user_lookup(AT_FDCWD, path, &node);

	if (err)
		return err;
	if (!S_ISDIR(node.mode))
		return -ENOTDIR;
	if (!current->files)
		return -ENOENT;
	strlcpy(current->files->cwd, node.path, sizeof(current->files->cwd));
	return 0;
}
SYSCALL(__NR_chdir, sys_chdir);
