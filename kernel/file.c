/*
 * file.c - open files (struct file) and descriptor tables.
 *
 * Invariants:
 *   - f_count of a file = the table slots pointing at it (in all tables)
 *     + the system calls using it right now (fget); the file is released
 *     and freed when it drops to 0, never before.
 *   - cloexec[fd] is false whenever fd[fd] is NULL, so a reused slot
 *     never inherits the flag of its last user.
 */
#include "kernel/file.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "mm/mm.h"

struct file *file_alloc(const struct file_operations *ops, void *priv,
			unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_op = ops;
	f->f_count = 1;
	mutex_init(&f->f_pos_lock);
	f->f_flags = flags & O_FILE_FLAGS;
	f->private_data = priv;
	return f;
}

void get_file(struct file *f)
{
	BUG_ON(f->f_count <= 0);
	f->f_count++;
}

void fput(struct file *f)
{
	BUG_ON(f->f_count <= 0);
	if (--f->f_count)
		return;
	if (f->f_op->release)
		f->f_op->release(f);
	kfree(f);
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	files->count = 1;
	strlcpy(files->cwd, "/", sizeof(files->cwd));
	return files;
}

struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return NULL;
	for (int fd = 0; fd < NR_OPEN; fd++) {
		if (!old->fd[fd])
			continue;
		get_file(old->fd[fd]);
		files->fd[fd] = old->fd[fd];
		files->cloexec[fd] = old->cloexec[fd];
	}
	strlcpy(files->cwd, old->cwd, sizeof(files->cwd));
	return files;
}

void put_files(struct files_struct *files)
{
	BUG_ON(files->count <= 0);
	if (--files->count)
		return;
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (files->fd[fd])
			__close_fd(files, fd);
	kfree(files);
}

void files_close_on_exec(struct files_struct *files)
{
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (files->fd[fd] && files->cloexec[fd])
			__close_fd(files, fd);
}

static bool fd_valid(int fd)
{
	return fd >= 0 && fd < NR_OPEN;
}

struct file *files_lookup_fd(struct files_struct *files, int fd)
{
	if (!files || !fd_valid(fd))
		return NULL;
	return files->fd[fd];
}

int __get_unused_fd(struct files_struct *files, int from)
{
	if (from < 0)
		return -EINVAL;
	for (int fd = from; fd < NR_OPEN; fd++)
		if (!files->fd[fd])
			return fd;
	return -EMFILE;
}

void __fd_install(struct files_struct *files, int fd, struct file *f,
		  bool cloexec)
{
	BUG_ON(!fd_valid(fd) || files->fd[fd]);
	files->fd[fd] = f;
	files->cloexec[fd] = cloexec;
}

int __alloc_fd(struct files_struct *files, struct file *f, int from,
	       bool cloexec)
{
	int fd = __get_unused_fd(files, from);

	if (fd >= 0)
		__fd_install(files, fd, f, cloexec);
	return fd;
}

void replace_fd(struct files_struct *files, int fd, struct file *f,
		bool cloexec)
{
	BUG_ON(!fd_valid(fd));
	struct file *old = files->fd[fd];

	files->fd[fd] = f;
	files->cloexec[fd] = cloexec;
	/* Last: a release may sleep, and the slot is already consistent. */
	if (old)
		fput(old);
}

int __close_fd(struct files_struct *files, int fd)
{
	struct file *f = files_lookup_fd(files, fd);

	if (!f)
		return -EBADF;
	files->fd[fd] = NULL;
	files->cloexec[fd] = false;
	fput(f);
	return 0;
}

/* The current task's table; NULL for a kernel thread. */
static struct files_struct *current_files(void)
{
	return current->files;
}

struct file *fget(int fd)
{
	struct file *f = files_lookup_fd(current_files(), fd);

	if (f)
		get_file(f);
	return f;
}

int get_unused_fd(int from)
{
	struct files_struct *files = current_files();

	return files ? __get_unused_fd(files, from) : -EMFILE;
}

void fd_install(int fd, struct file *f)
{
	__fd_install(current_files(), fd, f, false);
}

int close_fd(int fd)
{
	return __close_fd(current_files(), fd);
}

int alloc_fd(struct file *f, int from, bool cloexec)
{
	struct files_struct *files = current_files();

	return files ? __alloc_fd(files, f, from, cloexec) : -EMFILE;
}

bool get_close_on_exec(int fd)
{
	struct files_struct *files = current_files();

	return files_lookup_fd(files, fd) && files->cloexec[fd];
}

void set_close_on_exec(int fd, bool on)
{
	struct files_struct *files = current_files();

	if (files_lookup_fd(files, fd))
		files->cloexec[fd] = on;
}

static long sys_close(int fd)
{
	return close_fd(fd);
}
SYSCALL(__NR_close, sys_close);
