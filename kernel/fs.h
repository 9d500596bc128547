/*
 * fs.h - the file tree user programs see: the initramfs, read-only.
 *
 * The archive is a flat list of paths ("/init", "/tests/fork"), with or
 * without entries for the directories. Directories are whatever a path
 * has below it: "/tests" exists because "/tests/fork" does. So:
 *
 *   path_resolve()   "tests/../bin//sh" in cwd "/" -> "/bin/sh"
 *   fs_lookup()      "/bin/sh" -> a regular file; "/bin" -> a directory
 *   fs_dir_entry()   the entries of "/" -> ".", "..", "bin", "init", ...
 *
 * Everything here takes the archive as an argument so the self-tests can
 * use their own; the system calls use the boot one (initramfs_boot()).
 * Paths are lexical: ".." removes the last component ("/init/.." is
 * "/", where Linux would say ENOTDIR), since there are no symlinks.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include "kernel/file.h"
#include "kernel/initramfs.h"
#include "kernel/types.h"
#include "mm/uaccess.h"

/* File types beyond initramfs.h's (Linux's values). */
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
/* *at() system calls: the directory argument and flags (Linux). */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000
/* access() modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
/* Mode of a directory that exists only because paths lie below it. */
#define FS_SYNTH_DIR_MODE (S_IFDIR | 0555)
/* The one device number of the tree (st_dev); "0:1" like a pseudo fs. */
#define FS_DEV 1
/* st_blksize: the unit reads are best done in. */
#define FS_BLKSIZE 4096
/* st_blocks counts 512-byte units, whatever the block size. */
#define STAT_BLOCK_SIZE 512

/* What a file is, in the kernel's terms (Linux's struct kstat). */
struct kstat {
	u64 dev, ino, rdev;
	u32 mode, nlink;
	u64 size;
	u64 blksize, blocks;
};

/*
 * What stat() writes: Linux x86-64's struct stat, byte for byte
 * (arch/x86/include/uapi/asm/stat.h), 144 bytes.
 */
struct stat {
	unsigned long st_dev; /* 0 */
	unsigned long st_ino; /* 8 */
	unsigned long st_nlink; /* 16 */
	unsigned int st_mode; /* 24 */
	unsigned int st_uid; /* 28 */
	unsigned int st_gid; /* 32 */
	unsigned int __pad0; /* 36 */
	unsigned long st_rdev; /* 40 */
	long st_size; /* 48 */
	long st_blksize; /* 56 */
	long st_blocks; /* 64: 512-byte units */
	unsigned long st_atime; /* 72 */
	unsigned long st_atime_nsec;
	unsigned long st_mtime; /* 88 */
	unsigned long st_mtime_nsec;
	unsigned long st_ctime; /* 104 */
	unsigned long st_ctime_nsec;
	long __reserved[3]; /* 120 .. 144 (Linux: __unused) */
};

/* What getdents64() writes: records of d_reclen bytes, 8-aligned. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off; /* position of the NEXT entry (for lseek) */
	u16 d_reclen;
	u8 d_type; /* DT_* */
	char d_name[]; /* NUL-terminated */
};
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8

/*
 * Canonical absolute path of path seen from directory cwd (itself
 * canonical) into out: "/" or "/a/b", no ".", "..", "//" or trailing "/".
 * 0, -ENOENT (empty path) or -ENAMETOOLONG.
 */
int path_resolve(const char *cwd, const char *path, char *out, size_t size);
/* Is p strictly below directory dir (both canonical)? */
bool path_is_below(const char *dir, const char *p);
/* Does path end in "/" (or "/.", "/..")? Then it must name a directory. */
bool path_wants_dir(const char *path);

/* A file or directory of the tree, as lookup finds it. */
struct fs_node {
	u32 mode;
	u64 ino;
	const struct initramfs_file *file; /* NULL for a directory */
	char path[FS_PATH_MAX]; /* canonical */
};

/* Find the canonical path in fs: 0, -ENOENT, or -ENOTDIR (a component
 * before the last is a regular file). */
int fs_lookup(const struct initramfs *fs, const char *path,
	      struct fs_node *node);
void fs_node_stat(const struct fs_node *node, struct kstat *st);
/* st_ino of a path: the same number every boot, for every lookup. */
u64 fs_path_ino(const char *path);

/* Open a looked-up node as a file (O_* flags). The file or NULL. */
struct file *fs_open_node(const struct fs_node *node, unsigned int flags);

/*
 * Directory listing. Positions: 0 is ".", 1 is "..", 2 + i the archive's
 * entry i; a name that several entries produce (the files of a
 * subdirectory) is listed at the first of them.
 */
#define FS_NAME_MAX 64
struct fs_dirent {
	char name[FS_NAME_MAX];
	u8 type; /* DT_DIR or DT_REG */
	u64 ino;
	u64 next; /* the position after this entry */
};
#define FS_DIR_POS_DOT 0
#define FS_DIR_POS_DOTDOT 1
#define FS_DIR_POS_FIRST 2 /* position of the archive's entry 0 */
/* The first entry of directory dir at position >= pos: true, or false
 * at the end. */
bool fs_dir_entry(const struct initramfs *fs, const char *dir, u64 pos,
		  struct fs_dirent *de);
/* Pack entries from *pos on into buf as linux_dirent64 records; advance
 * *pos past them. Bytes used, 0 at the end, -EINVAL if the first entry
 * does not fit. */
ssize_t fs_fill_dirents(const struct initramfs *fs, const char *dir,
			u64 *pos, void *buf, size_t size);

/* stat() as the user sees it: kst in Linux's struct stat layout. */
void cp_new_stat(const struct kstat *kst, struct stat *st);

/* The tree the system calls see (the boot initramfs). */
const struct initramfs *fs_root(void);
/* Copy a user path into kpath[FS_PATH_MAX]: 0, -EFAULT, -ENAMETOOLONG. */
int getname(const char __user *upath, char *kpath);
/* Canonical path of kpath seen from dfd (AT_FDCWD: the working
 * directory) into out[FS_PATH_MAX]. 0, -EBADF, -ENOTDIR, -ENOENT... */
int path_at(int dfd, const char *kpath, char *out);
/* path_at() then fs_lookup() in the boot tree; a path ending in "/" must
 * be a directory (-ENOTDIR). */
int fs_lookup_at(int dfd, const char *kpath, struct fs_node *node);

/*
 * For other subsystems: the initramfs file behind an open regular file
 * (mmap of a file, execve of an open fd), or NULL if f is anything else.
 */
const struct initramfs_file *file_initramfs(struct file *f);
/* Resolve a kernel copy of a user path against current's cwd (execve of
 * a relative path): 0 or -errno, canonical path in out[FS_PATH_MAX]. */
int fs_resolve_cwd(const char *path, char *out);

#endif
