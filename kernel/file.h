/*
 * file.h - open files and per-process descriptor tables.
 *
 * A struct file is one open object (the console, an initramfs file, one
 * end of a pipe) with its operations; descriptors in a files_struct point
 * at files, and fork shares the files (f_count) like Linux. All user
 * buffers are user pointers: implementations use copy_to_user() /
 * copy_from_user() (mm/uaccess.h) and return -EFAULT on a bad pointer.
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "kernel/types.h"

#define NR_OPEN 64

struct file;
struct kstat;

struct file_operations {
	/* Return bytes moved, or -errno. May sleep (pipes, console). */
	ssize_t (*read)(struct file *f, void *ubuf, size_t n);
	ssize_t (*write)(struct file *f, const void *ubuf, size_t n);
	/* Optional: fill in st (kernel memory). */
	int (*stat)(struct file *f, struct kstat *st);
	/* Optional: seekable files keep f_pos; NULL means -ESPIPE. */
	bool seekable;
	/* Called when the last reference goes. */
	void (*release)(struct file *f);
};

struct file {
	const struct file_operations *f_op;
	int f_count; /* descriptors (in any process) referring to it */
	u64 f_pos; /* read/write offset of seekable files */
	unsigned int f_flags; /* O_* flags it was opened with */
	void *private_data; /* the object: pipe, initramfs file, ... */
};

struct files_struct {
	int count; /* tasks sharing this table (1: fork copies it) */
	struct file *fd[NR_OPEN];
	bool cloexec[NR_OPEN];
};

struct file *file_alloc(const struct file_operations *ops, void *priv,
			unsigned int flags);
void get_file(struct file *f);
void fput(struct file *f);

struct files_struct *files_alloc(void);
/* fork: a new table referring to the same files. */
struct files_struct *dup_files(struct files_struct *old);
void put_files(struct files_struct *files);
/* execve: close descriptors marked close-on-exec. */
void files_close_on_exec(struct files_struct *files);

/* In the current task's table. fd_install takes over the reference. */
struct file *fget(int fd);
int get_unused_fd(int from);
void fd_install(int fd, struct file *f);
int close_fd(int fd);

/* Open the console as fds 0, 1 and 2 of files (init's stdio). */
int console_open_stdio(struct files_struct *files);

#endif
