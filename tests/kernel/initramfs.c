/*
 * initramfs.c - the newc cpio indexer finds files, keeps their modes and
 * data in place, and refuses damaged archives with a reason.
 */
#include "kernel/errno.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"

static u8 archive[2048];
static struct initramfs fs;

/* Append one newc member (as `cpio -o -H newc` writes it). */
static size_t emit(size_t off, const char *name, u32 mode, const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = data ? strlen(data) : 0;

	off += snprintf((char *)archive + off, sizeof(archive) - off,
			"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x"
			"%08x%08x",
			1, mode, 0, 0, 1, 0, (u32)dlen, 0, 0, 0, 0,
			(u32)nlen, 0);
	memcpy(archive + off, name, nlen);
	off = ALIGN_UP(off + nlen, 4);
	if (dlen)
		memcpy(archive + off, data, dlen);
	return ALIGN_UP(off + dlen, 4);
}

static size_t build_sample(void)
{
	size_t off = 0;

	memset(archive, 0, sizeof(archive));
	off = emit(off, ".", S_IFDIR | 0755, NULL);
	off = emit(off, "init", S_IFREG | 0755, "\x7f" "ELF-pretend");
	off = emit(off, "tests", S_IFDIR | 0755, NULL);
	off = emit(off, "tests/hello", S_IFREG | 0644, "hi");
	return emit(off, "TRAILER!!!", 0, NULL);
}

/* Files are found under absolute paths with their modes, sizes, data. */
static void finds_files_and_modes(struct ktest *t)
{
	const char *why = NULL;
	size_t len = build_sample();

	KT_ASSERT_EQ(t, initramfs_parse(archive, len, &fs, &why), 0);
	KT_EXPECT_EQ(t, fs.nr_files, 4);
	const struct initramfs_file *f = initramfs_find(&fs, "/tests/hello");
	KT_ASSERT_NOT_NULL(t, f);
	KT_EXPECT_EQ(t, f->size, 2);
	KT_EXPECT_EQ(t, memcmp(f->data, "hi", 2), 0);
	KT_EXPECT_TRUE(t, S_ISREG(f->mode));
	KT_EXPECT_NOT_NULL(t, initramfs_find(&fs, "init"));
	KT_EXPECT_TRUE(t, S_ISDIR(initramfs_find(&fs, "/tests")->mode));
	KT_EXPECT_NULL(t, initramfs_find(&fs, "/nope"));
}

/* File data points into the archive: nothing is copied. */
static void data_stays_in_place(struct ktest *t)
{
	const char *why = NULL;
	size_t len = build_sample();

	KT_ASSERT_EQ(t, initramfs_parse(archive, len, &fs, &why), 0);
	const struct initramfs_file *f = initramfs_find(&fs, "/init");
	KT_ASSERT_NOT_NULL(t, f);
	KT_EXPECT_TRUE(t, f->data > archive && f->data < archive + len);
}

/* Damaged archives are refused with a reason, never read past the end. */
static void rejects_damaged_archives(struct ktest *t)
{
	const char *why = NULL;
	size_t len = build_sample();

	/* cut in the middle of the last file's header */
	KT_EXPECT_EQ(t, initramfs_parse(archive, len - 120, &fs, &why),
		     -EINVAL);
	KT_EXPECT_STREQ(t, why, "truncated header");
	/* cut inside the data of /init */
	KT_EXPECT_EQ(t, initramfs_parse(archive, 230, &fs, &why), -EINVAL);
	KT_EXPECT_STREQ(t, why, "file data runs past the end");
	archive[0] = 'X';
	KT_EXPECT_EQ(t, initramfs_parse(archive, len, &fs, &why), -EINVAL);
	KT_EXPECT_STREQ(t, why, "bad magic (not a newc cpio archive)");
	build_sample();
	archive[6 + 8] = 'z'; /* a non-hex digit in the mode field */
	KT_EXPECT_EQ(t, initramfs_parse(archive, len, &fs, &why), -EINVAL);
	KT_EXPECT_STREQ(t, why, "garbled header field");
}

static const struct ktest_case initramfs_cases[] = {
	KTEST_CASE(finds_files_and_modes),
	KTEST_CASE(data_stays_in_place),
	KTEST_CASE(rejects_damaged_archives),
	{}
};
static const struct ktest_suite initramfs_suite = {
	.name = "initramfs",
	.cases = initramfs_cases,
};
KTEST_SUITE(initramfs_suite, 1);
