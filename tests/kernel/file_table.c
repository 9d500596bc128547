/*
 * file_table.c - descriptor tables and open-file reference counts
 * (kernel/file.c): the rules fork, dup, close and execve rely on.
 *
 * Each test works on its own table (files_alloc), not on a task's, and
 * counts releases with a file type whose release only counts: a file is
 * released exactly once, when its last reference goes.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/ktest.h"

static int releases;

static void count_release(struct file *f)
{
	(void)f;
	releases++;
}

static const struct file_operations counting_fops = {
	.release = count_release,
};

static struct file *new_file(struct ktest *t)
{
	struct file *f = file_alloc(&counting_fops, NULL, O_RDONLY);

	KT_ASSERT_NOT_NULL(t, f);
	return f;
}

static struct files_struct *new_table(struct ktest *t)
{
	struct files_struct *files = files_alloc();

	releases = 0;
	KT_ASSERT_NOT_NULL(t, files);
	return files;
}

/* dup: two descriptors, one file; it is released only when both are
 * closed (f_count counts descriptors). */
static void dup_shares_file_until_last_close(struct ktest *t)
{
	struct files_struct *files = new_table(t);
	struct file *f = new_file(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, f, 0, false), 0);
	get_file(f);
	KT_EXPECT_EQ(t, __alloc_fd(files, f, 0, false), 1);
	KT_EXPECT_EQ(t, f->f_count, 2);
	KT_EXPECT_EQ(t, __close_fd(files, 0), 0);
	KT_EXPECT_EQ(t, releases, 0);
	KT_EXPECT_EQ(t, f->f_count, 1);
	KT_EXPECT_EQ(t, __close_fd(files, 1), 0);
	KT_EXPECT_EQ(t, releases, 1);
	put_files(files);
}

/* POSIX: open/dup return the lowest free descriptor (>= from). */
static void lowest_free_descriptor_is_chosen(struct ktest *t)
{
	struct files_struct *files = new_table(t);

	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(t, __alloc_fd(files, new_file(t), 0, false), i);
	KT_EXPECT_EQ(t, __close_fd(files, 1), 0);
	KT_EXPECT_EQ(t, __get_unused_fd(files, 0), 1);
	KT_EXPECT_EQ(t, __get_unused_fd(files, 2), 4); /* F_DUPFD's from */
	KT_EXPECT_EQ(t, __get_unused_fd(files, -1), -EINVAL);
	put_files(files);
	KT_EXPECT_EQ(t, releases, 4);
}

/* A full table says EMFILE and leaves the file with the caller. */
static void full_table_is_emfile(struct ktest *t)
{
	struct files_struct *files = new_table(t);
	struct file *f = new_file(t);

	for (int i = 0; i < NR_OPEN; i++) {
		get_file(f);
		KT_ASSERT_EQ(t, __alloc_fd(files, f, 0, false), i);
	}
	KT_EXPECT_EQ(t, __alloc_fd(files, f, 0, false), -EMFILE);
	KT_EXPECT_EQ(t, f->f_count, NR_OPEN + 1);
	fput(f); /* the caller's reference, still its own */
	put_files(files);
	KT_EXPECT_EQ(t, releases, 1);
}

/* Closing what is not open, or out of range, is EBADF, never a crash. */
static void closing_a_free_or_bad_fd_is_ebadf(struct ktest *t)
{
	struct files_struct *files = new_table(t);

	KT_EXPECT_EQ(t, __close_fd(files, 0), -EBADF);
	KT_EXPECT_EQ(t, __close_fd(files, -1), -EBADF);
	KT_EXPECT_EQ(t, __close_fd(files, NR_OPEN), -EBADF);
	KT_EXPECT_NULL(t, files_lookup_fd(files, NR_OPEN + 5));
	KT_EXPECT_NULL(t, files_lookup_fd(NULL, 0)); /* kernel thread */
	put_files(files);
}

/* fork: the child's table refers to the same files (shared offset) and
 * the same working directory; each side closes independently. */
static void fork_copy_shares_files_and_cwd(struct ktest *t)
{
	struct files_struct *files = new_table(t);
	struct file *f = new_file(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, f, 3, true), 3);
	strlcpy(files->cwd, "/tests", sizeof(files->cwd));
	struct files_struct *child = dup_files(files);
	KT_ASSERT_NOT_NULL(t, child);
	KT_EXPECT_EQ(t, files_lookup_fd(child, 3), f);
	KT_EXPECT_TRUE(t, child->cloexec[3]);
	KT_EXPECT_EQ(t, f->f_count, 2);
	KT_EXPECT_STREQ(t, child->cwd, "/tests");
	put_files(files);
	KT_EXPECT_EQ(t, releases, 0);
	put_files(child);
	KT_EXPECT_EQ(t, releases, 1);
}

/* execve closes the O_CLOEXEC descriptors and only those. */
static void exec_closes_only_cloexec_fds(struct ktest *t)
{
	struct files_struct *files = new_table(t);
	struct file *keep = new_file(t), *drop = new_file(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, keep, 0, false), 0);
	KT_EXPECT_EQ(t, __alloc_fd(files, drop, 0, true), 1);
	files_close_on_exec(files);
	KT_EXPECT_EQ(t, files_lookup_fd(files, 0), keep);
	KT_EXPECT_NULL(t, files_lookup_fd(files, 1));
	KT_EXPECT_EQ(t, releases, 1);
	put_files(files);
}

/* A reused slot starts without close-on-exec, whoever had it before. */
static void reused_slot_forgets_cloexec(struct ktest *t)
{
	struct files_struct *files = new_table(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, new_file(t), 0, true), 0);
	KT_EXPECT_EQ(t, __close_fd(files, 0), 0);
	KT_EXPECT_EQ(t, __alloc_fd(files, new_file(t), 0, false), 0);
	KT_EXPECT_FALSE(t, files->cloexec[0]);
	put_files(files);
}

/* dup2 onto an open descriptor closes the old file there first. */
static void replace_fd_closes_previous_file(struct ktest *t)
{
	struct files_struct *files = new_table(t);
	struct file *a = new_file(t), *b = new_file(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, a, 0, false), 0);
	KT_EXPECT_EQ(t, __alloc_fd(files, b, 0, true), 1);
	get_file(a);
	replace_fd(files, 1, a, false);
	KT_EXPECT_EQ(t, releases, 1); /* b */
	KT_EXPECT_EQ(t, files_lookup_fd(files, 1), a);
	KT_EXPECT_FALSE(t, files->cloexec[1]);
	KT_EXPECT_EQ(t, a->f_count, 2);
	put_files(files);
	KT_EXPECT_EQ(t, releases, 2);
}

/* A shared table (count 2) survives the first put_files. */
static void shared_table_freed_by_last_user(struct ktest *t)
{
	struct files_struct *files = new_table(t);

	KT_EXPECT_EQ(t, __alloc_fd(files, new_file(t), 0, false), 0);
	files->count++;
	put_files(files);
	KT_EXPECT_EQ(t, releases, 0);
	KT_EXPECT_NOT_NULL(t, files_lookup_fd(files, 0));
	put_files(files);
	KT_EXPECT_EQ(t, releases, 1);
}

/* A new table's working directory is the root. */
static void new_table_cwd_is_root(struct ktest *t)
{
	struct files_struct *files = new_table(t);

	KT_EXPECT_STREQ(t, files->cwd, "/");
	put_files(files);
}

static const struct ktest_case file_table_cases[] = {
	KTEST_CASE(dup_shares_file_until_last_close),
	KTEST_CASE(lowest_free_descriptor_is_chosen),
	KTEST_CASE(full_table_is_emfile),
	KTEST_CASE(closing_a_free_or_bad_fd_is_ebadf),
	KTEST_CASE(fork_copy_shares_files_and_cwd),
	KTEST_CASE(exec_closes_only_cloexec_fds),
	KTEST_CASE(reused_slot_forgets_cloexec),
	KTEST_CASE(replace_fd_closes_previous_file),
	KTEST_CASE(shared_table_freed_by_last_user),
	KTEST_CASE(new_table_cwd_is_root),
	{}
};
static const struct ktest_suite file_table_suite = {
	.name = "file_table",
	.cases = file_table_cases,
};
KTEST_SUITE(file_table_suite, 6);
