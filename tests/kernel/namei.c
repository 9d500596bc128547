/*
 * namei.c - from a path to a node of the initramfs (kernel/namei.c):
 * canonical paths against a working directory, and lookup in a flat
 * archive where directories exist because paths lie below them.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "tests/kernel/fs_test.h"

struct resolve_case {
	const char *cwd, *path, *want;
};

/* Relative paths start at cwd; ".", "..", "//" and a trailing "/" are
 * resolved away; ".." of the root is the root. */
static void resolve_makes_canonical_absolute_paths(struct ktest *t)
{
	static const struct resolve_case cases[] = {
		{ "/", "/init", "/init" },
		{ "/", "init", "/init" },
		{ "/tests", "a", "/tests/a" },
		{ "/tests", "../bin//sh", "/bin/sh" },
		{ "/", "..", "/" },
		{ "/", "/../../init", "/init" },
		{ "/a/b", ".", "/a/b" },
		{ "/a/b", "./../c/", "/a/c" },
		{ "/", "///x///y//", "/x/y" },
		{ "/tests", "/", "/" },
		{ "/a", "..", "/" },
	};
	char out[FS_PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		KT_EXPECT_EQ(t, path_resolve(cases[i].cwd, cases[i].path, out,
					     sizeof(out)),
			     0);
		KT_EXPECT_STREQ(t, out, cases[i].want);
	}
}

/* An empty path is ENOENT (Linux); one longer than the buffer is
 * ENAMETOOLONG, never a buffer overrun. */
static void resolve_refuses_empty_and_too_long(struct ktest *t)
{
	char out[8];

	KT_EXPECT_EQ(t, path_resolve("/", "", out, sizeof(out)), -ENOENT);
	KT_EXPECT_EQ(t, path_resolve("/", "/abcdefgh", out, sizeof(out)),
		     -ENAMETOOLONG);
	KT_EXPECT_EQ(t, path_resolve("/abc", "defgh", out, sizeof(out)),
		     -ENAMETOOLONG);
	KT_EXPECT_EQ(t, path_resolve("/", "/abcdef", out, sizeof(out)), 0);
}

/* A path ending in "/" (or "/.", "/..") must name a directory. */
static void trailing_slash_wants_a_directory(struct ktest *t)
{
	KT_EXPECT_TRUE(t, path_wants_dir("tests/"));
	KT_EXPECT_TRUE(t, path_wants_dir("/tests/."));
	KT_EXPECT_TRUE(t, path_wants_dir("a/.."));
	KT_EXPECT_FALSE(t, path_wants_dir("/init"));
	KT_EXPECT_FALSE(t, path_wants_dir("a.."));
}

/* Files are found with their archive modes; explicit directory entries
 * are directories. */
static void lookup_finds_files_and_listed_dirs(struct ktest *t)
{
	const struct initramfs *fs = test_fs_cpio();
	struct fs_node n;

	KT_ASSERT_EQ(t, fs_lookup(fs, "/bin/sh", &n), 0);
	KT_EXPECT_TRUE(t, S_ISREG(n.mode));
	KT_EXPECT_NOT_NULL(t, n.file);
	KT_EXPECT_STREQ(t, n.path, "/bin/sh");
	KT_ASSERT_EQ(t, fs_lookup(fs, "/tests", &n), 0);
	KT_EXPECT_EQ(t, n.mode, TEST_DIR);
	KT_EXPECT_NULL(t, n.file);
}

/* A flat archive has no directory entries: "/tests" and "/tests/sub"
 * exist because paths lie below them; "/test" is only a prefix. */
static void lookup_synthesizes_dirs_from_paths(struct ktest *t)
{
	const struct initramfs *fs = test_fs_flat();
	struct fs_node n;

	KT_ASSERT_EQ(t, fs_lookup(fs, "/tests", &n), 0);
	KT_EXPECT_EQ(t, n.mode, FS_SYNTH_DIR_MODE);
	KT_EXPECT_EQ(t, fs_lookup(fs, "/tests/sub", &n), 0);
	KT_EXPECT_TRUE(t, S_ISDIR(n.mode));
	KT_EXPECT_EQ(t, fs_lookup(fs, "/test", &n), -ENOENT);
	KT_EXPECT_EQ(t, fs_lookup(fs, "/nope", &n), -ENOENT);
}

/* The root always exists, even in an empty archive (no /init there). */
static void root_exists_in_empty_archive(struct ktest *t)
{
	struct fs_node n;

	test_fs.nr_files = 0;
	KT_ASSERT_EQ(t, fs_lookup(&test_fs, "/", &n), 0);
	KT_EXPECT_TRUE(t, S_ISDIR(n.mode));
}

/* A path through a regular file is ENOTDIR, as on Linux. */
static void path_through_a_file_is_enotdir(struct ktest *t)
{
	struct fs_node n;

	KT_EXPECT_EQ(t, fs_lookup(test_fs_flat(), "/init/x", &n), -ENOTDIR);
	KT_EXPECT_EQ(t, fs_lookup(test_fs_flat(), "/bin/sh/y/z", &n),
		     -ENOTDIR);
}

/* Archive paths are cut to 63 bytes when indexed; a longer path must not
 * find the entry whose name is its first 63 bytes. */
static void long_path_does_not_match_cut_entry(struct ktest *t)
{
	char path[sizeof(test_fs.paths[0]) + 8];
	struct fs_node n;

	test_fs.nr_files = 0;
	memset(path, 'x', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	test_fs_add(path, TEST_REG, "cut"); /* stored as its first 63 */
	KT_EXPECT_EQ(t, fs_lookup(&test_fs, path, &n), -ENOENT);
	path[sizeof(test_fs.paths[0]) - 1] = '\0';
	KT_EXPECT_EQ(t, fs_lookup(&test_fs, path, &n), 0);
}

/* st_ino: the same for the same path, different for different paths,
 * never 0. */
static void inode_numbers_are_stable_and_distinct(struct ktest *t)
{
	KT_EXPECT_EQ(t, fs_path_ino("/tests/a"), fs_path_ino("/tests/a"));
	KT_EXPECT_NE(t, fs_path_ino("/tests/a"), fs_path_ino("/tests/b"));
	KT_EXPECT_NE(t, fs_path_ino("/"), 0);
}

static const struct ktest_case namei_cases[] = {
	KTEST_CASE(resolve_makes_canonical_absolute_paths),
	KTEST_CASE(resolve_refuses_empty_and_too_long),
	KTEST_CASE(trailing_slash_wants_a_directory),
	KTEST_CASE(lookup_finds_files_and_listed_dirs),
	KTEST_CASE(lookup_synthesizes_dirs_from_paths),
	KTEST_CASE(root_exists_in_empty_archive),
	KTEST_CASE(path_through_a_file_is_enotdir),
	KTEST_CASE(long_path_does_not_match_cut_entry),
	KTEST_CASE(inode_numbers_are_stable_and_distinct),
	{}
};
static const struct ktest_suite namei_suite = {
	.name = "namei",
	.cases = namei_cases,
};
KTEST_SUITE(namei_suite, 6);
