/*
 * pipe.h - pipes: a one-page ring buffer between a read end and a write
 * end, each a struct file.
 *
 *            tail                      head
 *             v                         v
 *   buf: [....DDDDDDDDDDDDDDDDDDDDDDDDDD.........]   D = unread data
 *
 * head and tail count every byte ever written and read; they run freely
 * and wrap past 2^32 (unsigned arithmetic), the byte at count c lives at
 * buf[c % PIPE_SIZE], and head - tail is always the number of unread
 * bytes, 0 .. PIPE_SIZE.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include "kernel/file.h"
#include "kernel/mutex.h"
#include "kernel/wait.h"
#include "mm/mm.h"

/* Capacity: one page (Linux: 16 pages; one is enough to show it). */
#define PIPE_SIZE PAGE_SIZE
/* POSIX: a write of at most PIPE_BUF bytes is never interleaved with
 * other writers' bytes - it waits until it fits whole. */
#define PIPE_BUF PAGE_SIZE

struct pipe_inode_info {
	/*
	 * Held while bytes move in or out and while head, tail, readers
	 * and writers change: a copy from or to user memory may sleep
	 * (page fault, swap-in), and nobody else may touch the ring then.
	 * Never held while waiting for data or room.
	 */
	struct mutex mutex;
	u8 *buf; /* PIPE_SIZE bytes */
	unsigned int head; /* bytes ever written */
	unsigned int tail; /* bytes ever read */
	int readers; /* open read-end files; 0: writes get EPIPE */
	int writers; /* open write-end files; 0 and empty: reads see EOF */
	/* Readers wait here for data or for the last writer to go. */
	struct wait_queue_head rd_wait;
	/* Writers wait here for room or for the last reader to go. */
	struct wait_queue_head wr_wait;
	u64 ino; /* st_ino, for fstat */
};

/* The two ends of a new pipe: res[0] reads, res[1] writes. flags:
 * O_NONBLOCK (on both ends). 0 or -ENOMEM. */
int create_pipe_files(struct file *res[2], unsigned int flags);

#endif
