/*
 * uio.c - copying through an iov_iter (see uio.h).
 */
#include "kernel/uio.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/mm.h"

void iov_iter_init(struct iov_iter *i, bool user, const struct iovec *iov,
		   unsigned long nr_segs, size_t max)
{
	size_t count = 0;

	/* Saturating sum: the lengths come from a user program. */
	for (unsigned long s = 0; s < nr_segs; s++)
		count += MIN(iov[s].iov_len, max - count);
	*i = (struct iov_iter){
		.user = user,
		.iov = iov,
		.nr_segs = nr_segs,
		.count = count,
	};
}

void iov_iter_init_buf(struct iov_iter *i, bool user, void *buf, size_t n)
{
	*i = (struct iov_iter){
		.user = user,
		.iov = &i->single,
		.nr_segs = 1,
		.count = n,
		.single = { .iov_base = buf, .iov_len = n },
	};
}

/* Step past segments that are used up (zero-length ones included). */
static void skip_done_segments(struct iov_iter *i)
{
	while (i->nr_segs && i->iov_offset == i->iov->iov_len) {
		i->iov++;
		i->nr_segs--;
		i->iov_offset = 0;
	}
}

/*
 * The one loop behind both directions: to_iter says which way bytes go
 * between buf and the segments. Stops at the first user address that
 * cannot be reached; returns the bytes moved.
 */
static size_t iterate(void *buf, size_t n, struct iov_iter *i, bool to_iter)
{
	size_t done = 0;

	n = MIN(n, i->count);
	while (done < n) {
		skip_done_segments(i);
		if (!i->nr_segs)
			break;
		char *seg = (char *)i->iov->iov_base + i->iov_offset;
		size_t chunk = MIN(n - done, i->iov->iov_len - i->iov_offset);
		size_t left = 0;
		if (!i->user)
			memcpy(to_iter ? seg : (char *)buf + done,
			       to_iter ? (char *)buf + done : seg, chunk);
		else if (to_iter)
			left = copy_to_user(seg, (char *)buf + done, chunk);
		else
			left = copy_from_user((char *)buf + done, seg, chunk);
		done += chunk - left;
		i->iov_offset += chunk - left;
		i->count -= chunk - left;
		if (left)
			break;
	}
	return done;
}

size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i)
{
	return iterate((void *)src, n, i, true);
}

size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i)
{
	return iterate(dst, n, i, false);
}

long import_iovec(const struct iovec __user *uvec, int nr_segs,
		  struct iovec **vec, struct iov_iter *i)
{
	*vec = NULL;
	if (nr_segs < 0 || nr_segs > UIO_MAXIOV)
		return -EINVAL;
	struct iovec *v = kmalloc(sizeof(*v) * (nr_segs ? nr_segs : 1),
				  GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	if (copy_from_user(v, uvec, sizeof(*v) * nr_segs)) {
		kfree(v);
		return -EFAULT;
	}
	for (int s = 0; s < nr_segs; s++) {
		/* A length that is negative as ssize_t is refused (Linux). */
		if ((ssize_t)v[s].iov_len < 0) {
			kfree(v);
			return -EINVAL;
		}
	}
	iov_iter_init(i, true, v, nr_segs, MAX_RW_COUNT);
	*vec = v;
	return (long)iov_iter_count(i);
}
