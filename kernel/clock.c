/*
 * clock.c - clock_gettime and nanosleep, from the timer tick (jiffies).
 *
 * The resolution is one tick (1/HZ s). There is no real-time-clock
 * driver: the wall clock (CLOCK_REALTIME) starts at the Epoch,
 * 1970-01-01 00:00:00, when the machine boots, so it equals the
 * monotonic clock.
 */
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "mm/uaccess.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_TICK (NSEC_PER_SEC / HZ)

/* Linux's clock ids; the ones we answer. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

struct timespec {
	long tv_sec;
	long tv_nsec;
};

static bool clock_known(int id)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return true;
	default:
		return false; /* CPU-time clocks, timers' clocks: not here */
	}
}

static long sys_clock_gettime(int id, struct timespec __user *tp)
{
	u64 j = jiffies_read();
	struct timespec ts = {
		.tv_sec = (long)(j / HZ),
		.tv_nsec = (long)(j % HZ) * NSEC_PER_TICK,
	};

	if (!clock_known(id))
		return -EINVAL;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}
SYSCALL(__NR_clock_gettime, sys_clock_gettime);

/* Longer sleeps are cut to this (still millions of years at HZ=100):
 * the deadline jiffies + ticks must not wrap around. */
#define SLEEP_MAX_TICKS (1ULL << 62)

/* Ticks to sleep for ts: rounded up, plus one, because the current tick
 * is already partly over - the sleep must never be shorter than asked. */
static u64 timespec_to_ticks(const struct timespec *ts)
{
	if ((u64)ts->tv_sec >= SLEEP_MAX_TICKS / HZ)
		return SLEEP_MAX_TICKS;
	u64 ticks = (u64)ts->tv_sec * HZ;

	ticks += ((u64)ts->tv_nsec + NSEC_PER_TICK - 1) / NSEC_PER_TICK;
	return ticks + 1;
}

/*
 * Sleep on a wait queue nobody wakes: only the deadline ends it, and the
 * CPU runs other tasks meanwhile. Signals do not interrupt it (faultline
 * delivers none to sleepers), so *rem is never written.
 */
static long sys_nanosleep(const struct timespec __user *req,
			  struct timespec __user *rem)
{
	struct wait_queue_head never_woken;
	struct timespec ts;

	(void)rem;
	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (!ts.tv_sec && !ts.tv_nsec)
		return 0;
	init_waitqueue_head(&never_woken);
	wait_event_timeout(&never_woken, false, timespec_to_ticks(&ts));
	return 0;
}
SYSCALL(__NR_nanosleep, sys_nanosleep);
