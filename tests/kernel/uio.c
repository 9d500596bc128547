/*
 * uio.c - the iov_iter that every read and write goes through
 * (kernel/uio.c): segments in order, empty ones skipped, lengths from a
 * user program never overflow the count.
 */
#include "kernel/ktest.h"
#include "kernel/uio.h"

/* A copy runs through the segments in order and skips empty ones. */
static void copy_spans_segments_in_order(struct ktest *t)
{
	char a[2], b[3], c[4];
	struct iovec v[4] = {
		{ a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) }, { c, sizeof(c) },
	};
	struct iov_iter it;

	iov_iter_init(&it, false, v, 4, MAX_RW_COUNT);
	KT_EXPECT_EQ(t, iov_iter_count(&it), 9);
	KT_EXPECT_EQ(t, copy_to_iter("abcdef", 6, &it), 6);
	KT_EXPECT_EQ(t, iov_iter_count(&it), 3);
	KT_EXPECT_EQ(t, copy_to_iter("ghijk", 5, &it), 3); /* full */
	KT_EXPECT_EQ(t, memcmp(a, "ab", 2), 0);
	KT_EXPECT_EQ(t, memcmp(b, "cde", 3), 0);
	KT_EXPECT_EQ(t, memcmp(c, "fghi", 4), 0);
	KT_EXPECT_EQ(t, copy_to_iter("z", 1, &it), 0);
}

/* Copying out of an iterator is the mirror image. */
static void copy_from_gathers_segments(struct ktest *t)
{
	char out[8] = { 0 };
	struct iovec v[2] = { { "abc", 3 }, { "de", 2 } };
	struct iov_iter it;

	iov_iter_init(&it, false, v, 2, MAX_RW_COUNT);
	KT_EXPECT_EQ(t, copy_from_iter(out, 4, &it), 4);
	KT_EXPECT_EQ(t, copy_from_iter(out + 4, 4, &it), 1);
	KT_EXPECT_STREQ(t, out, "abcde");
}

/* Huge lengths (a hostile readv) saturate at the limit, never wrap to
 * a small count. */
static void count_saturates_at_limit(struct ktest *t)
{
	struct iovec v[3] = {
		{ NULL, (size_t)-1 / 2 }, { NULL, (size_t)-1 / 2 },
		{ NULL, 100 },
	};
	struct iov_iter it;

	iov_iter_init(&it, false, v, 3, MAX_RW_COUNT);
	KT_EXPECT_EQ(t, iov_iter_count(&it), MAX_RW_COUNT);
}

static const struct ktest_case uio_cases[] = {
	KTEST_CASE(copy_spans_segments_in_order),
	KTEST_CASE(copy_from_gathers_segments),
	KTEST_CASE(count_saturates_at_limit),
	{}
};
static const struct ktest_suite uio_suite = {
	.name = "uio",
	.cases = uio_cases,
};
KTEST_SUITE(uio_suite, 6);
