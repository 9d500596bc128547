/*
 * mutex.h - a sleeping lock (one CPU, non-preemptive kernel).
 *
 * Kernel code is never preempted, so plain data needs no lock between two
 * sleeps. A mutex is for state that must stay consistent *across* a sleep:
 * mm->mmap_lock is held through a fault that waits for disk I/O, so a
 * second task faulting in the same mm waits instead of seeing half-done
 * work. Waiters sleep on the mutex's wait queue.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include "kernel/wait.h"

struct mutex {
	bool locked;
	struct wait_queue_head wait; /* tasks waiting for locked == false */
};

static inline void mutex_init(struct mutex *m)
{
	m->locked = false;
	init_waitqueue_head(&m->wait);
}

static inline void mutex_lock(struct mutex *m)
{
	wait_event(&m->wait, !m->locked);
	m->locked = true;
}

static inline bool mutex_trylock(struct mutex *m)
{
	if (m->locked)
		return false;
	m->locked = true;
	return true;
}

static inline void mutex_unlock(struct mutex *m)
{
	m->locked = false;
	wake_up(&m->wait);
}

static inline bool mutex_is_locked(const struct mutex *m)
{
	return m->locked;
}

#endif
