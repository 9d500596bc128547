/*
 * random.c - getrandom(): NOT cryptographic randomness.
 *
 * A splitmix64 generator (Steele, Lea, Flood 2014), seeded once from the
 * time-stamp counter at the first call. Good enough for what musl and
 * test programs use it for (hash seeds, temporary names); useless for
 * secrets. Linux's flags are accepted and change nothing: the generator
 * never blocks.
 */
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/uaccess.h"

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004
/* Linux hands out at most this much per call (33554431 bytes). */
#define GETRANDOM_MAX ((1UL << 25) - 1)
#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15UL
#define RANDOM_CHUNK 256

/* Generator state; 0 until the first call seeds it. Only changed in
 * system calls, which the non-preemptive kernel runs one at a time. */
static u64 random_state;

static u64 random_next(void)
{
	if (!random_state)
		random_state = rdtsc() ^ (jiffies_read() << 32) ^ 1;
	u64 z = (random_state += SPLITMIX_GAMMA);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL; /* splitmix64 mixing */
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static long sys_getrandom(void __user *buf, size_t len, unsigned int flags)
{
	u64 chunk[RANDOM_CHUNK / sizeof(u64)];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	len = MIN(len, GETRANDOM_MAX);
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));
		for (size_t i = 0; i < ARRAY_SIZE(chunk); i++)
			chunk[i] = random_next();
		if (copy_to_user((char *)buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
SYSCALL(__NR_getrandom, sys_getrandom);
