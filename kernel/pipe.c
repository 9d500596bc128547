/*
 * pipe.c - pipe() and pipe2(): the ring buffer of pipe.h, blocking on
 * wait queues.
 *
 * The rules (Linux's, POSIX's):
 *   - read on an empty pipe waits while a writer exists; with none left
 *     it returns 0 (end of file) - but only once the data is all read;
 *   - read returns what is there (at least 1 byte), it does not wait to
 *     fill the whole buffer;
 *   - write with no reader left fails with EPIPE (Linux also sends
 *     SIGPIPE; faultline only returns the error);
 *   - a write of at most PIPE_BUF bytes goes in whole or waits; a larger
 *     one goes in piece by piece as room appears;
 *   - O_NONBLOCK: instead of waiting, EAGAIN (or the bytes done so far).
 */
#include "kernel/pipe.h"
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/uio.h"

#define PIPE_MODE (S_IFIFO | 0600)

static unsigned int pipe_used(const struct pipe_inode_info *p)
{
	return p->head - p->tail;
}

static unsigned int pipe_room(const struct pipe_inode_info *p)
{
	return PIPE_SIZE - pipe_used(p);
}

/*
 * Move up to n unread bytes to the iterator: at most two pieces, the one
 * up to the end of buf and the one wrapped around to its start. Bytes or
 * -EFAULT. Called with p->mutex held.
 */
static ssize_t pipe_copy_out(struct pipe_inode_info *p, struct iov_iter *to)
{
	size_t want = MIN(iov_iter_count(to), pipe_used(p)), done = 0;

	while (done < want) {
		unsigned int off = p->tail % PIPE_SIZE;
		size_t chunk = MIN(want - done, PIPE_SIZE - off);
		size_t got = copy_to_iter(p->buf + off, chunk, to);
		p->tail += got;
		done += got;
		if (got < chunk)
			break; /* a bad user address */
	}
	return done ? (ssize_t)done : -EFAULT;
}

/*
 * The mirror image: bytes from the iterator into the free room. Returns
 * the bytes moved; *fault is set if a bad user address stopped it.
 */
static size_t pipe_copy_in(struct pipe_inode_info *p, struct iov_iter *from,
			   bool *fault)
{
	size_t want = MIN(iov_iter_count(from), pipe_room(p)), done = 0;

	while (done < want) {
		unsigned int off = p->head % PIPE_SIZE;
		size_t chunk = MIN(want - done, PIPE_SIZE - off);
		size_t got = copy_from_iter(p->buf + off, chunk, from);
		p->head += got;
		done += got;
		if (got < chunk) {
			*fault = true;
			break;
		}
	}
	return done;
}

static bool nonblocking(const struct file *f)
{
	return f->f_flags & O_NONBLOCK;
}

static ssize_t pipe_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	struct pipe_inode_info *p = f->private_data;
	ssize_t ret;

	(void)pos;
	if (!iov_iter_count(to))
		return 0;
	mutex_lock(&p->mutex);
	while (!pipe_used(p)) {
		if (!p->writers) {
			ret = 0; /* end of file */
			goto out;
		}
		if (nonblocking(f)) {
			ret = -EAGAIN;
			goto out;
		}
		mutex_unlock(&p->mutex);
		wait_event(&p->rd_wait, pipe_used(p) || !p->writers);
		mutex_lock(&p->mutex);
	}
	ret = pipe_copy_out(p, to);
	wake_up(&p->wr_wait); /* room appeared */
out:
	mutex_unlock(&p->mutex);
	return ret;
}

/*
 * Wait (without the mutex) until need bytes of room or no reader; with
 * the mutex held again. 0, or -EAGAIN for a non-blocking file.
 */
static int pipe_wait_room(struct file *f, struct pipe_inode_info *p,
			  size_t need)
{
	if (nonblocking(f))
		return -EAGAIN;
	mutex_unlock(&p->mutex);
	wait_event(&p->wr_wait, pipe_room(p) >= need || !p->readers);
	mutex_lock(&p->mutex);
	return 0;
}

static ssize_t pipe_write(struct file *f, struct iov_iter *from, u64 *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t total = iov_iter_count(from), done = 0;
	/* Room that must be free before copying: all of a small write. */
	size_t need = total <= PIPE_BUF ? total : 1;
	ssize_t err = 0;

	(void)pos;
	if (!total)
		return 0;
	mutex_lock(&p->mutex);
	while (done < total) {
		if (!p->readers) {
			err = -EPIPE;
			/* Linux's default: SIGPIPE ends a user writer (not
			 * a kernel thread, e.g. the self-tests). */
			if (current->mm && !current->pending_signal)
				current->pending_signal = SIGPIPE;
			break;
		}
		if (pipe_room(p) < need) {
			err = pipe_wait_room(f, p, need);
			if (err)
				break;
			continue; /* re-check: the last reader may have gone */
		}
		bool fault = false;
		done += pipe_copy_in(p, from, &fault);
		wake_up(&p->rd_wait); /* data appeared */
		if (fault) {
			err = -EFAULT;
			break;
		}
	}
	mutex_unlock(&p->mutex);
	return done ? (ssize_t)done : err;
}

static int pipe_stat(struct file *f, struct kstat *st)
{
	struct pipe_inode_info *p = f->private_data;

	st->ino = p->ino;
	st->mode = PIPE_MODE;
	st->nlink = 1;
	st->blksize = PIPE_SIZE;
	return 0;
}

static void free_pipe_info(struct pipe_inode_info *p)
{
	if (p->buf)
		__free_page(virt_to_page(p->buf));
	kfree(p);
}

/* One end closes: the other side may now see EOF or EPIPE - wake it. */
static void pipe_release(struct file *f)
{
	struct pipe_inode_info *p = f->private_data;
	bool reader = (f->f_flags & O_ACCMODE) == O_RDONLY;

	mutex_lock(&p->mutex);
	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = !p->readers && !p->writers;
	mutex_unlock(&p->mutex);
	wake_up(reader ? &p->wr_wait : &p->rd_wait);
	if (last)
		free_pipe_info(p);
}

static const struct file_operations pipe_fops = {
	.read_iter = pipe_read,
	.write_iter = pipe_write,
	.stat = pipe_stat,
	.release = pipe_release,
};

static struct pipe_inode_info *alloc_pipe_info(void)
{
	static u64 next_ino = 1; /* pipes' own inode numbers */
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);

	if (!p || !page) {
		kfree(p);
		if (page)
			__free_page(page);
		return NULL;
	}
	mutex_init(&p->mutex);
	p->buf = page_address(page);
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	p->readers = p->writers = 1;
	p->ino = next_ino++;
	return p;
}

int create_pipe_files(struct file *res[2], unsigned int flags)
{
	struct pipe_inode_info *p = alloc_pipe_info();

	if (!p)
		return -ENOMEM;
	flags &= O_NONBLOCK;
	res[0] = file_alloc(&pipe_fops, p, O_RDONLY | flags);
	res[1] = file_alloc(&pipe_fops, p, O_WRONLY | flags);
	if (res[0] && res[1])
		return 0;
	kfree(res[0]);
	kfree(res[1]);
	free_pipe_info(p);
	return -ENOMEM;
}

static long do_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2];

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL; /* O_DIRECT (packet mode) is not supported */
	int err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = alloc_fd(files[0], 0, flags & O_CLOEXEC);
	fd[1] = fd[0] < 0 ? fd[0] : alloc_fd(files[1], 0, flags & O_CLOEXEC);
	if (fd[1] < 0) {
		/* fd[0] is undone through its slot, files[1] directly. */
		if (fd[0] >= 0)
			close_fd(fd[0]);
		else
			fput(files[0]);
		fput(files[1]);
		return -EMFILE;
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		close_fd(fd[0]);
		close_fd(fd[1]);
		return -EFAULT;
	}
	return 0;
}

static long sys_pipe2(int __user *fildes, int flags)
{
	return do_pipe2(fildes, flags);
}
SYSCALL(__NR_pipe2, sys_pipe2);

static long sys_pipe(int __user *fildes)
{
	return do_pipe2(fildes, 0);
}
SYSCALL(__NR_pipe, sys_pipe);
