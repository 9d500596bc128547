/*
 * initramfs.h - the read-only file tree user programs come from.
 *
 * GRUB loads build/initramfs.cpio (made by the real `cpio -o -H newc`) as
 * a multiboot2 module. The kernel indexes it in place: a file's data is a
 * pointer into the archive, nothing is copied.
 */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include "kernel/printk.h"
#include "kernel/types.h"

#define INITRAMFS_MAX_FILES 256

/* st_mode file-type bits (Linux's values). */
#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFLNK 0120000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)

struct initramfs_file {
	const char *path; /* absolute, e.g. "/init", "/tests/fork" */
	u32 mode;
	const u8 *data;
	size_t size;
};

struct initramfs {
	int nr_files;
	struct initramfs_file files[INITRAMFS_MAX_FILES];
	char paths[INITRAMFS_MAX_FILES][64];
};

/* Index a newc archive at buf. 0, or -EINVAL with *why set to a reason
 * (bad magic, truncated header, name or data past the end, too many). */
int initramfs_parse(const void *buf, size_t len, struct initramfs *fs,
		    const char **why);
const struct initramfs_file *initramfs_find(const struct initramfs *fs,
					    const char *path);

/* Index the boot initramfs (the multiboot module named "initramfs*").
 * 0, or -ENOENT / -EINVAL with one line on the console. */
int initramfs_init(void);
/* The boot initramfs (empty if there was none). */
const struct initramfs *initramfs_boot(void);
/* A file of the boot initramfs by path; NULL if absent. */
const struct initramfs_file *initramfs_lookup(const char *path);

#endif
