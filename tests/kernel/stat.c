/*
 * stat.c - what stat() and read() give for initramfs files: Linux
 * x86-64's struct stat byte for byte (kernel/fs.h, kernel/stat.c), and
 * open files reading from the archive (kernel/fs.c).
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/uio.h"
#include "tests/kernel/fs_test.h"

/* The offsets and size of arch/x86/include/uapi/asm/stat.h: a static
 * musl or glibc binary reads the fields there. */
static void struct_stat_is_linux_x86_64_layout(struct ktest *t)
{
	KT_EXPECT_EQ(t, sizeof(struct stat), 144);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_dev), 0);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_ino), 8);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_nlink), 16);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_mode), 24);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_uid), 28);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_gid), 32);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_rdev), 40);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_size), 48);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_blksize), 56);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_blocks), 64);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_atime), 72);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_mtime), 88);
	KT_EXPECT_EQ(t, offsetof(struct stat, st_ctime), 104);
}

/* struct linux_dirent64 as include/linux/dirent.h has it. */
static void dirent64_is_linux_layout(struct ktest *t)
{
	KT_EXPECT_EQ(t, offsetof(struct linux_dirent64, d_ino), 0);
	KT_EXPECT_EQ(t, offsetof(struct linux_dirent64, d_off), 8);
	KT_EXPECT_EQ(t, offsetof(struct linux_dirent64, d_reclen), 16);
	KT_EXPECT_EQ(t, offsetof(struct linux_dirent64, d_type), 18);
	KT_EXPECT_EQ(t, offsetof(struct linux_dirent64, d_name), 19);
}

/* cp_new_stat sets every byte: padding and unused fields are 0, never
 * what the kernel stack held (it goes to user space). */
static void new_stat_sets_every_byte(struct ktest *t)
{
	struct kstat k = { .dev = 1, .ino = 77, .mode = TEST_REG,
			   .nlink = 1, .size = 1000, .blksize = 4096,
			   .blocks = 2, .rdev = 0x501 };
	struct stat st;

	memset(&st, 0xff, sizeof(st));
	cp_new_stat(&k, &st);
	KT_EXPECT_EQ(t, st.st_ino, 77);
	KT_EXPECT_EQ(t, st.st_mode, TEST_REG);
	KT_EXPECT_EQ(t, st.st_size, 1000);
	KT_EXPECT_EQ(t, st.st_rdev, 0x501);
	KT_EXPECT_EQ(t, st.st_uid, 0);
	KT_EXPECT_EQ(t, st.__pad0, 0);
	KT_EXPECT_EQ(t, st.st_mtime_nsec, 0);
	KT_EXPECT_EQ(t, st.__reserved[2], 0);
}

/* st_blocks counts 512-byte units, rounded up; directories have two
 * links ("." and their name), files one. */
static void node_stat_counts_blocks_and_links(struct ktest *t)
{
	const struct initramfs *fs = test_fs_flat();
	struct fs_node n;
	struct kstat k;

	KT_ASSERT_EQ(t, fs_lookup(fs, "/bin/sh", &n), 0);
	fs_node_stat(&n, &k);
	KT_EXPECT_EQ(t, k.size, 5);
	KT_EXPECT_EQ(t, k.blocks, 1);
	KT_EXPECT_EQ(t, k.nlink, 1);
	KT_EXPECT_EQ(t, k.ino, fs_path_ino("/bin/sh"));
	KT_ASSERT_EQ(t, fs_lookup(fs, "/tests", &n), 0);
	fs_node_stat(&n, &k);
	KT_EXPECT_EQ(t, k.nlink, 2);
	KT_EXPECT_EQ(t, k.size, 0);
}

static ssize_t read_k(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct iov_iter it;

	iov_iter_init_buf(&it, false, buf, n);
	return f->f_op->read_iter(f, &it, pos);
}

/* A read moves the offset; at the end of the file reads return 0. */
static void file_read_advances_and_stops_at_end(struct ktest *t)
{
	struct fs_node n;
	char buf[16];
	u64 pos = 0;

	KT_ASSERT_EQ(t, fs_lookup(test_fs_flat(), "/bin/sh", &n), 0);
	struct file *f = fs_open_node(&n, O_RDONLY);
	KT_ASSERT_NOT_NULL(t, f);
	KT_EXPECT_TRUE(t, f->f_op->seekable);
	KT_EXPECT_EQ(t, read_k(f, buf, 3, &pos), 3);
	KT_EXPECT_EQ(t, memcmp(buf, "hel", 3), 0);
	KT_EXPECT_EQ(t, pos, 3);
	KT_EXPECT_EQ(t, read_k(f, buf, sizeof(buf), &pos), 2);
	KT_EXPECT_EQ(t, memcmp(buf, "lo", 2), 0);
	KT_EXPECT_EQ(t, read_k(f, buf, sizeof(buf), &pos), 0);
	pos = 100; /* past the end, as lseek allows */
	KT_EXPECT_EQ(t, read_k(f, buf, sizeof(buf), &pos), 0);
	KT_EXPECT_EQ(t, file_initramfs(f), n.file); /* for mmap/exec */
	fput(f);
}

/* read() on a directory is EISDIR; it has no archive file behind it. */
static void directory_read_is_eisdir(struct ktest *t)
{
	struct fs_node n;
	char buf[4];
	u64 pos = 0;

	KT_ASSERT_EQ(t, fs_lookup(test_fs_flat(), "/tests", &n), 0);
	struct file *f = fs_open_node(&n, O_RDONLY | O_DIRECTORY);
	KT_ASSERT_NOT_NULL(t, f);
	KT_EXPECT_EQ(t, read_k(f, buf, sizeof(buf), &pos), -EISDIR);
	KT_EXPECT_NOT_NULL(t, f->f_op->getdents64);
	KT_EXPECT_NULL(t, file_initramfs(f));
	fput(f);
}

static const struct ktest_case stat_cases[] = {
	KTEST_CASE(struct_stat_is_linux_x86_64_layout),
	KTEST_CASE(dirent64_is_linux_layout),
	KTEST_CASE(new_stat_sets_every_byte),
	KTEST_CASE(node_stat_counts_blocks_and_links),
	KTEST_CASE(file_read_advances_and_stops_at_end),
	KTEST_CASE(directory_read_is_eisdir),
	{}
};
static const struct ktest_suite stat_suite = {
	.name = "stat",
	.cases = stat_cases,
};
KTEST_SUITE(stat_suite, 6);
