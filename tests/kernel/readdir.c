/*
 * readdir.c - directory listings synthesized from the archive's flat
 * paths, and their packing as getdents64 records (kernel/readdir.c).
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "tests/kernel/fs_test.h"

#define MAX_LISTED 16
#define NAME_OFF offsetof(struct linux_dirent64, d_name)

struct listing {
	int n;
	char names[MAX_LISTED][FS_NAME_MAX];
	u8 types[MAX_LISTED];
	u64 inos[MAX_LISTED];
};

/* Walk dir from position pos to its end through fs_dir_entry(). */
static void list_dir(const struct initramfs *fs, const char *dir, u64 pos,
		     struct listing *l)
{
	struct fs_dirent de;

	l->n = 0;
	while (l->n < MAX_LISTED && fs_dir_entry(fs, dir, pos, &de)) {
		strlcpy(l->names[l->n], de.name, FS_NAME_MAX);
		l->types[l->n] = de.type;
		l->inos[l->n] = de.ino;
		l->n++;
		pos = de.next;
	}
}

/* The root of a flat archive: ".", "..", then every first component
 * once, in the order of its first path, directories typed DT_DIR. */
static void root_lists_each_name_once(struct ktest *t)
{
	static struct listing l;

	list_dir(test_fs_flat(), "/", 0, &l);
	KT_ASSERT_EQ(t, l.n, 5);
	KT_EXPECT_STREQ(t, l.names[0], ".");
	KT_EXPECT_STREQ(t, l.names[1], "..");
	KT_EXPECT_STREQ(t, l.names[2], "init");
	KT_EXPECT_EQ(t, l.types[2], DT_REG);
	KT_EXPECT_STREQ(t, l.names[3], "tests");
	KT_EXPECT_EQ(t, l.types[3], DT_DIR);
	KT_EXPECT_STREQ(t, l.names[4], "bin");
	KT_EXPECT_EQ(t, l.types[4], DT_DIR);
	KT_EXPECT_EQ(t, l.inos[3], fs_path_ino("/tests"));
	KT_EXPECT_EQ(t, l.inos[0], l.inos[1]); /* the root's ".." is itself */
}

/* A subdirectory lists its files and its own subdirectories. */
static void subdirectory_lists_its_children(struct ktest *t)
{
	static struct listing l;

	list_dir(test_fs_flat(), "/tests", 0, &l);
	KT_ASSERT_EQ(t, l.n, 5);
	KT_EXPECT_STREQ(t, l.names[2], "b");
	KT_EXPECT_STREQ(t, l.names[3], "a");
	KT_EXPECT_STREQ(t, l.names[4], "sub");
	KT_EXPECT_EQ(t, l.types[4], DT_DIR);
	KT_EXPECT_EQ(t, l.inos[1], fs_path_ino("/")); /* ".." */
	KT_EXPECT_EQ(t, l.inos[3], fs_path_ino("/tests/a"));
}

/* An archive that lists directories too shows each name once, and the
 * root's own entry is not an entry of the root. */
static void listed_dirs_appear_once(struct ktest *t)
{
	static struct listing l;

	list_dir(test_fs_cpio(), "/", 0, &l);
	KT_ASSERT_EQ(t, l.n, 5);
	KT_EXPECT_STREQ(t, l.names[2], "bin");
	KT_EXPECT_EQ(t, l.types[2], DT_DIR);
	KT_EXPECT_STREQ(t, l.names[3], "init");
	KT_EXPECT_STREQ(t, l.names[4], "tests");
}

/* A listing resumed from an entry's "next" position continues exactly
 * after that entry (what d_off and lseek rely on). */
static void listing_resumes_at_next_position(struct ktest *t)
{
	const struct initramfs *fs = test_fs_flat();
	static struct listing all, rest;
	struct fs_dirent de;
	u64 pos = 0;

	list_dir(fs, "/", 0, &all);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_TRUE(t, fs_dir_entry(fs, "/", pos, &de));
		pos = de.next;
	}
	list_dir(fs, "/", pos, &rest);
	KT_ASSERT_EQ(t, rest.n, all.n - 3);
	for (int i = 0; i < rest.n; i++)
		KT_EXPECT_STREQ(t, rest.names[i], all.names[i + 3]);
}

/* getdents64 records: 8-byte aligned lengths, d_off = where the next
 * entry starts, NUL-terminated names, zeroed padding; then 0 at the
 * end. */
static void dirents_are_linux_records(struct ktest *t)
{
	static u8 buf[512];
	u64 pos = 0;
	int seen = 0;

	memset(buf, 0xaa, sizeof(buf));
	ssize_t n = fs_fill_dirents(test_fs_flat(), "/tests", &pos, buf,
				    sizeof(buf));
	KT_ASSERT_GT(t, n, 0);
	for (ssize_t off = 0; off < n; seen++) {
		struct linux_dirent64 *d = (void *)(buf + off);
		size_t namelen = strlen(d->d_name) + 1;
		KT_EXPECT_EQ(t, d->d_reclen % 8, 0);
		KT_EXPECT_GE(t, d->d_reclen, NAME_OFF + namelen);
		for (size_t i = NAME_OFF + namelen; i < d->d_reclen; i++)
			KT_EXPECT_EQ(t, ((u8 *)d)[i], 0);
		off += d->d_reclen;
		if (off == n)
			KT_EXPECT_EQ(t, (u64)d->d_off, pos);
	}
	KT_EXPECT_EQ(t, seen, 5);
	KT_EXPECT_EQ(t, fs_fill_dirents(test_fs_flat(), "/tests", &pos, buf,
					sizeof(buf)),
		     0);
}

/* A buffer too small for one entry is EINVAL (Linux); one that holds
 * exactly one entry walks the whole directory an entry per call. */
static void small_buffers_return_one_entry_or_einval(struct ktest *t)
{
	u64 buf[3]; /* 24 bytes: "." .. "sub" each need 24 */
	u64 pos = 0;
	int calls = 0;

	KT_EXPECT_EQ(t, fs_fill_dirents(test_fs_flat(), "/tests", &pos, buf,
					16),
		     -EINVAL);
	KT_EXPECT_EQ(t, pos, 0);
	while (fs_fill_dirents(test_fs_flat(), "/tests", &pos, buf,
			       sizeof(buf)) == sizeof(buf))
		calls++;
	KT_EXPECT_EQ(t, calls, 5);
}

static const struct ktest_case readdir_cases[] = {
	KTEST_CASE(root_lists_each_name_once),
	KTEST_CASE(subdirectory_lists_its_children),
	KTEST_CASE(listed_dirs_appear_once),
	KTEST_CASE(listing_resumes_at_next_position),
	KTEST_CASE(dirents_are_linux_records),
	KTEST_CASE(small_buffers_return_one_entry_or_einval),
	{}
};
static const struct ktest_suite readdir_suite = {
	.name = "readdir",
	.cases = readdir_cases,
};
KTEST_SUITE(readdir_suite, 6);
