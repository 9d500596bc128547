/*
 * pipe.c - the pipe's ring buffer and its end-of-file and EPIPE rules
 * (kernel/pipe.c), through the same file operations read() and write()
 * use, on kernel buffers (a kernel iov_iter).
 *
 * Every pipe here is O_NONBLOCK: a test has no second task to wake it,
 * so where a real reader or writer would sleep, these get EAGAIN - which
 * is itself one of the rules.
 */
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/ktest.h"
#include "kernel/pipe.h"
#include "kernel/uio.h"

static u8 wbuf[PIPE_SIZE * 2], rbuf[PIPE_SIZE * 2];

static ssize_t pwrite_k(struct file *w, const void *buf, size_t n)
{
	struct iov_iter it;

	iov_iter_init_buf(&it, false, (void *)buf, n);
	return w->f_op->write_iter(w, &it, NULL);
}

static ssize_t pread_k(struct file *r, void *buf, size_t n)
{
	struct iov_iter it;

	iov_iter_init_buf(&it, false, buf, n);
	return r->f_op->read_iter(r, &it, NULL);
}

static void fill(u8 *p, size_t n, u8 seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(seed + i * 7);
}

static void open_pipe(struct ktest *t, struct file *p[2])
{
	KT_ASSERT_EQ(t, create_pipe_files(p, O_NONBLOCK), 0);
}

/* Bytes come out in order across the end of the ring: a write that
 * wraps from buf's end to its start is read back intact. */
static void ring_wraps_around_intact(struct ktest *t)
{
	struct file *p[2];
	const size_t part = PIPE_SIZE * 3 / 4;

	open_pipe(t, p);
	for (u8 round = 0; round < 3; round++) {
		fill(wbuf, part, round);
		KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, part), (ssize_t)part);
		KT_EXPECT_EQ(t, pread_k(p[0], rbuf, part), (ssize_t)part);
		KT_EXPECT_EQ(t, memcmp(wbuf, rbuf, part), 0);
	}
	fput(p[0]);
	fput(p[1]);
}

/* head and tail are free-running u32 counters: when they pass 2^32 the
 * data and the fill level are still right. */
static void counters_wrap_past_u32(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	struct pipe_inode_info *pi = p[0]->private_data;
	pi->head = pi->tail = 0xffffffffu - 100;
	fill(wbuf, 300, 9);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 300), 300);
	KT_EXPECT_EQ(t, pi->head - pi->tail, 300);
	KT_EXPECT_LT(t, pi->head, 300); /* it wrapped */
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, sizeof(rbuf)), 300);
	KT_EXPECT_EQ(t, memcmp(wbuf, rbuf, 300), 0);
	fput(p[0]);
	fput(p[1]);
}

/* End of file comes only after the data: with the writer gone, reads
 * first drain what is there, then return 0 (and keep returning 0). */
static void eof_after_data_when_writers_gone(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	KT_EXPECT_EQ(t, pwrite_k(p[1], "tail", 4), 4);
	fput(p[1]);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 2), 2);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 10), 2);
	KT_EXPECT_EQ(t, memcmp(rbuf, "il", 2), 0);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 10), 0);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 10), 0);
	fput(p[0]);
}

/* With the reader gone a write is EPIPE, even into an empty pipe. */
static void write_without_readers_is_epipe(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	fput(p[0]);
	KT_EXPECT_EQ(t, pwrite_k(p[1], "x", 1), -EPIPE);
	fput(p[1]);
}

/* An empty pipe with a writer: a non-blocking read is EAGAIN, not EOF. */
static void empty_pipe_read_is_eagain_not_eof(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 1), -EAGAIN);
	fput(p[0]);
	fput(p[1]);
}

/* POSIX PIPE_BUF: a small write that does not fit whole goes in not at
 * all (EAGAIN), a big one goes in as far as there is room. */
static void small_writes_are_atomic_big_ones_partial(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, PIPE_SIZE - 10), PIPE_SIZE - 10);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 11), -EAGAIN);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 10), 10);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 1), -EAGAIN); /* full */
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, sizeof(rbuf)), PIPE_SIZE);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, PIPE_BUF + 1), PIPE_SIZE);
	fput(p[0]);
	fput(p[1]);
}

/* Zero-length reads and writes return 0 without looking at the pipe. */
static void zero_length_io_returns_zero(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	KT_EXPECT_EQ(t, pread_k(p[0], rbuf, 0), 0);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 0), 0);
	fput(p[0]);
	KT_EXPECT_EQ(t, pwrite_k(p[1], wbuf, 0), 0); /* even without reader */
	fput(p[1]);
}

/* One read fills several segments (readv) in one go, skipping empty
 * ones: readv on a pipe is one operation, as on Linux. */
static void one_read_fills_several_segments(struct ktest *t)
{
	struct file *p[2];
	char a[3], b[5];
	struct iovec v[3] = {
		{ a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) },
	};
	struct iov_iter it;

	open_pipe(t, p);
	KT_EXPECT_EQ(t, pwrite_k(p[1], "abcdefg", 7), 7);
	iov_iter_init(&it, false, v, 3, MAX_RW_COUNT);
	KT_EXPECT_EQ(t, p[0]->f_op->read_iter(p[0], &it, NULL), 7);
	KT_EXPECT_EQ(t, memcmp(a, "abc", 3), 0);
	KT_EXPECT_EQ(t, memcmp(b, "defg", 4), 0);
	fput(p[0]);
	fput(p[1]);
}

/* fstat on either end says FIFO, with the same inode number. */
static void both_ends_stat_as_the_same_fifo(struct ktest *t)
{
	struct file *p[2];
	struct kstat r = { 0 }, w = { 0 };

	open_pipe(t, p);
	KT_EXPECT_EQ(t, p[0]->f_op->stat(p[0], &r), 0);
	KT_EXPECT_EQ(t, p[1]->f_op->stat(p[1], &w), 0);
	KT_EXPECT_TRUE(t, S_ISFIFO(r.mode));
	KT_EXPECT_EQ(t, r.ino, w.ino);
	KT_EXPECT_FALSE(t, p[0]->f_op->seekable); /* lseek: ESPIPE */
	fput(p[0]);
	fput(p[1]);
}

/* The ends are opened read-only and write-only: read() on the write end
 * is refused by the access mode (EBADF in read_write.c). */
static void ends_have_one_direction_each(struct ktest *t)
{
	struct file *p[2];

	open_pipe(t, p);
	KT_EXPECT_EQ(t, p[0]->f_flags & O_ACCMODE, O_RDONLY);
	KT_EXPECT_EQ(t, p[1]->f_flags & O_ACCMODE, O_WRONLY);
	KT_EXPECT_TRUE(t, p[0]->f_flags & O_NONBLOCK);
	fput(p[0]);
	fput(p[1]);
}

static const struct ktest_case pipe_cases[] = {
	KTEST_CASE(ring_wraps_around_intact),
	KTEST_CASE(counters_wrap_past_u32),
	KTEST_CASE(eof_after_data_when_writers_gone),
	KTEST_CASE(write_without_readers_is_epipe),
	KTEST_CASE(empty_pipe_read_is_eagain_not_eof),
	KTEST_CASE(small_writes_are_atomic_big_ones_partial),
	KTEST_CASE(zero_length_io_returns_zero),
	KTEST_CASE(one_read_fills_several_segments),
	KTEST_CASE(both_ends_stat_as_the_same_fifo),
	KTEST_CASE(ends_have_one_direction_each),
	{}
};
static const struct ktest_suite pipe_suite = {
	.name = "pipe",
	.cases = pipe_cases,
};
KTEST_SUITE(pipe_suite, 6);
