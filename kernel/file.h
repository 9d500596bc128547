/*
 * file.h - open files and per-process descriptor tables.
 *
 * A struct file is one open object (the console, an initramfs file or
 * directory, one end of a pipe) with its operations; descriptors in a
 * files_struct point at files, and fork shares the files (f_count) like
 * Linux: parent and child then share the offset and the flags.
 *
 *   fd table (per process)        struct file (shared)       object
 *   fd[0] ─┐
 *   fd[1] ─┼───────────────────>  f_count 3, console ops ──> line discipline
 *   fd[2] ─┘
 *   fd[3] ───────────────────>    f_count 1, pipe ops ─────> ring buffer
 *
 * Bytes move through a struct iov_iter (kernel/uio.h), user or kernel
 * memory alike; implementations copy with copy_to_iter()/copy_from_iter()
 * and return -EFAULT when nothing could be copied.
 */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include "kernel/mutex.h"
#include "kernel/types.h"

#define NR_OPEN 64
/* Longest path faultline resolves, NUL included (Linux: PATH_MAX). */
#define FS_PATH_MAX 256

/* open() flags, Linux x86-64 values. */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DIRECT 00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW 00400000
#define O_CLOEXEC 02000000
/* Flags a file keeps after open (F_GETFL shows them). */
#define O_FILE_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECT | \
		      O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW)

struct file;
struct kstat;
struct iov_iter;

struct file_operations {
	/*
	 * Move bytes between the file and the iterator, at *pos for a
	 * seekable file (which advances it; others get pos NULL). Return the
	 * bytes moved, or -errno. May sleep (pipes, the console, a user
	 * page being swapped in). NULL: the file cannot do it (-EINVAL).
	 */
	ssize_t (*read_iter)(struct file *f, struct iov_iter *to, u64 *pos);
	ssize_t (*write_iter)(struct file *f, struct iov_iter *from,
			      u64 *pos);
	/* Fill in st (kernel memory). 0 or -errno. */
	int (*stat)(struct file *f, struct kstat *st);
	/* Directories: linux_dirent64 records from f_pos on (getdents64).
	 * Bytes filled, 0 at the end, -EINVAL if one entry does not fit. */
	ssize_t (*getdents64)(struct file *f, struct iov_iter *to);
	/* Optional device control; NULL means -ENOTTY. */
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/* Seekable files keep f_pos; the others give -ESPIPE to lseek and
	 * pread64. */
	bool seekable;
	/* Called when the last reference goes, before the file is freed. */
	void (*release)(struct file *f);
};

struct file {
	const struct file_operations *f_op;
	/* References: descriptors in any table, plus each system call
	 * using the file right now (fget ... fput). */
	int f_count;
	/* Held across a read, write or lseek of a seekable file: a copy to
	 * user memory may sleep, and two processes sharing the file (after
	 * fork) must not both read the bytes at the same offset. */
	struct mutex f_pos_lock;
	u64 f_pos; /* offset of seekable files; under f_pos_lock */
	unsigned int f_flags; /* O_FILE_FLAGS it was opened with */
	void *private_data; /* the object: pipe, initramfs node, ... */
};

/*
 * A process's descriptors. Not shared between tasks (fork copies it), so
 * the task that owns it is the only one changing it and needs no lock.
 */
struct files_struct {
	int count; /* tasks using this table (1: fork copies it) */
	struct file *fd[NR_OPEN];
	bool cloexec[NR_OPEN];
	/* The working directory, canonical ("/" or "/a/b"). It lives here
	 * (Linux keeps it in fs_struct) because it has exactly the same
	 * life: copied by fork, kept by execve, dropped at exit. */
	char cwd[FS_PATH_MAX];
};

/* A new file with one reference, or NULL if out of memory. flags: the
 * open() flags (only O_FILE_FLAGS are kept). */
struct file *file_alloc(const struct file_operations *ops, void *priv,
			unsigned int flags);
void get_file(struct file *f);
/* Drop a reference; the last one calls f_op->release and frees f. */
void fput(struct file *f);

/* An empty table (cwd "/"), or NULL. */
struct files_struct *files_alloc(void);
/* fork: a new table referring to the same files, or NULL. */
struct files_struct *dup_files(struct files_struct *old);
void put_files(struct files_struct *files);
/* execve: close descriptors marked close-on-exec. */
void files_close_on_exec(struct files_struct *files);

/*
 * On an explicit table (init's before it runs, the self-tests). None of
 * them sleeps except __close_fd (a file's release may).
 */
/* The file at fd, no reference taken; NULL if fd is not open. */
struct file *files_lookup_fd(struct files_struct *files, int fd);
/* Lowest free descriptor >= from, or -EMFILE (-EINVAL: from invalid). */
int __get_unused_fd(struct files_struct *files, int from);
/* Put f at the free slot fd, taking over the caller's reference. */
void __fd_install(struct files_struct *files, int fd, struct file *f,
		  bool cloexec);
/* Put f at the lowest free slot >= from: its number (the table now owns
 * the reference), or -EMFILE / -EINVAL (the caller still owns it). */
int __alloc_fd(struct files_struct *files, struct file *f, int from,
	       bool cloexec);
/* dup2: put f at fd, closing what was there. Takes over the reference. */
void replace_fd(struct files_struct *files, int fd, struct file *f,
		bool cloexec);
/* 0, or -EBADF if fd is not open. */
int __close_fd(struct files_struct *files, int fd);

/*
 * In the current task's table. The slot get_unused_fd() names stays free
 * until fd_install(): install it before looking for another.
 */
/* The file at fd with a reference taken (fput() it), or NULL. */
struct file *fget(int fd);
int get_unused_fd(int from);
/* fd_install takes over the reference. */
void fd_install(int fd, struct file *f);
int close_fd(int fd);
/* __alloc_fd() in current's table (-EMFILE for a kernel thread). */
int alloc_fd(struct file *f, int from, bool cloexec);
/* The close-on-exec flag of an open fd. */
bool get_close_on_exec(int fd);
void set_close_on_exec(int fd, bool on);

/* Open the console as fds 0, 1 and 2 of files (init's stdio): one file,
 * three descriptors, like Linux's /dev/console. 0 or -ENOMEM. */
int console_open_stdio(struct files_struct *files);

#endif
