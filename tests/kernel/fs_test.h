/*
 * fs_test.h - test archives for the file-tree tests: a struct initramfs
 * filled by hand, the way initramfs_parse() leaves one.
 *
 *   flat:  /init /tests/b /tests/a /bin/sh /tests/sub/c
 *          (no directory entries: every directory is synthesized)
 *   cpio:  / /bin /bin/sh /init /tests /tests/a
 *          (what `find . | cpio -o -H newc` lists: directories too)
 */
#ifndef TESTS_KERNEL_FS_TEST_H
#define TESTS_KERNEL_FS_TEST_H

#include "kernel/fs.h"
#include "kernel/string.h"

#define TEST_REG (S_IFREG | 0755)
#define TEST_DIR (S_IFDIR | 0755)

/* Big (paths for INITRAMFS_MAX_FILES files): one, static, per test file. */
static struct initramfs test_fs;

static inline void test_fs_add(const char *path, u32 mode, const char *data)
{
	int i = test_fs.nr_files++;

	strlcpy(test_fs.paths[i], path, sizeof(test_fs.paths[i]));
	test_fs.files[i] = (struct initramfs_file){
		.path = test_fs.paths[i],
		.mode = mode,
		.data = (const u8 *)data,
		.size = data ? strlen(data) : 0,
	};
}

static inline const struct initramfs *test_fs_flat(void)
{
	test_fs.nr_files = 0;
	test_fs_add("/init", TEST_REG, "\177ELF init");
	test_fs_add("/tests/b", TEST_REG, "b");
	test_fs_add("/tests/a", TEST_REG, "a");
	test_fs_add("/bin/sh", TEST_REG, "hello");
	test_fs_add("/tests/sub/c", S_IFREG | 0644, "c");
	return &test_fs;
}

static inline const struct initramfs *test_fs_cpio(void)
{
	test_fs.nr_files = 0;
	test_fs_add("/", TEST_DIR, NULL);
	test_fs_add("/bin", TEST_DIR, NULL);
	test_fs_add("/bin/sh", TEST_REG, "hello");
	test_fs_add("/init", TEST_REG, "\177ELF init");
	test_fs_add("/tests", TEST_DIR, NULL);
	test_fs_add("/tests/a", TEST_REG, "a");
	return &test_fs;
}

#endif
