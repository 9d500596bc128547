/*
 * uio.h - buffers that reads and writes move bytes through (Linux's
 * iov_iter, reduced to what faultline needs).
 *
 * A read() has one user buffer, a readv() several; a self-test has a
 * kernel buffer. File operations see all three as one struct iov_iter and
 * copy with copy_to_iter() / copy_from_iter(), so:
 *
 *   - readv() is ONE operation on the file, as on Linux: a pipe or the
 *     console hands over what it has across all the segments and never
 *     blocks again for a later segment;
 *   - the pipe, console and file code run unchanged on kernel buffers in
 *     the self-tests.
 *
 * A copy into or out of user memory may fault and sleep (swap-in); it
 * stops early at an address that cannot be resolved, and the copy
 * functions return how many bytes they moved.
 */
#ifndef KERNEL_UIO_H
#define KERNEL_UIO_H

#include "kernel/types.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* One segment, the user ABI of readv()/writev() (struct iovec). */
struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* Most segments readv()/writev() accept (Linux's UIO_MAXIOV). */
#define UIO_MAXIOV 1024
/* Most bytes one read or write moves (Linux's MAX_RW_COUNT). */
#define MAX_RW_COUNT ((size_t)INT32_MAX & PAGE_MASK)

struct iov_iter {
	bool user; /* segments are user memory (else kernel memory) */
	const struct iovec *iov; /* the current segment */
	unsigned long nr_segs; /* segments left, the current one included */
	size_t iov_offset; /* bytes of the current segment already done */
	size_t count; /* bytes left in all segments together */
	struct iovec single; /* the segment of a one-buffer iterator */
};

/* Iterate over nr_segs segments (already checked), at most max bytes. */
void iov_iter_init(struct iov_iter *i, bool user, const struct iovec *iov,
		   unsigned long nr_segs, size_t max);
/* One buffer: read()/write() (user) or a self-test (kernel). The
 * iterator points into itself: do not copy it. */
void iov_iter_init_buf(struct iov_iter *i, bool user, void *buf, size_t n);

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* Copy up to n bytes; return the number moved (short only on a fault or
 * when the iterator is full). */
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);

/*
 * readv()/writev(): copy the user's iovec array into the kernel (*vec,
 * kfree() it afterwards) and set up i over it. Returns the byte count,
 * or -EINVAL (too many segments, a negative length), -EFAULT.
 */
long import_iovec(const struct iovec __user *uvec, int nr_segs,
		  struct iovec **vec, struct iov_iter *i);

#endif
