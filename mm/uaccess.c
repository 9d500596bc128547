/*
 * uaccess.c - copy between kernel and user memory, faults allowed.
 *
 * The copies are `rep movsb` / `rep stosb` with an exception-table entry.
 * A string instruction that faults leaves rcx/rsi/rdi at the faulting
 * byte, so after do_page_fault() resolves the fault the CPU simply
 * continues; if it cannot, the fixup jumps past the instruction with rcx
 * = bytes not done.
 */
#include "mm/uaccess.h"
#include "kernel/errno.h"
#include "kernel/extable.h"
#include "mm/mm.h"
#include "mm/vma.h"

bool access_ok(const void __user *addr, size_t n)
{
	unsigned long a = (unsigned long)addr;

	return n <= TASK_SIZE && a <= TASK_SIZE - n;
}

static unsigned long raw_copy(void *to, const void *from, unsigned long n)
{
	user_access_begin();
	__asm__ __volatile__("1: rep movsb\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to), "+S"(from)
			     :
			     : "memory");
	user_access_end();
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from, size_t n)
{
	if (!access_ok(from, n))
		return n;
	return raw_copy(to, from, n);
}

unsigned long copy_to_user(void __user *to, const void *from, size_t n)
{
	if (!access_ok(to, n))
		return n;
	return raw_copy(to, from, n);
}

unsigned long clear_user(void __user *to, size_t n)
{
	if (!access_ok(to, n))
		return n;
	user_access_begin();
	__asm__ __volatile__("1: rep stosb\n"
			     "2:\n\t" _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to)
			     : "a"(0)
			     : "memory");
	user_access_end();
	return n;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (copy_from_user(&dst[i], src + i, 1))
			return -EFAULT;
		if (!dst[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}
