/*
 * mmap.h - changing an address space: map, unmap, protect, brk, stack.
 *
 * Linux's semantics and error codes; the system calls (kernel/sys_mm.c)
 * are thin wrappers. All take mm->mmap_lock themselves.
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include "mm/vma.h"

/* mmap prot and flags: Linux's values (uapi/asm-generic/mman*.h). */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_GROWSDOWN 0x0100
#define MAP_POPULATE 0x8000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000

/* An unsigned long that is really -errno (the top 4095 values). */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-4095)

/* Map anonymous memory. Returns the address, or -errno as unsigned long. */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags);
/* Like do_mmap, with explicit vm_flags and a name ("[stack]", a path). */
unsigned long mmap_region(struct mm_struct *mm, unsigned long addr,
			  unsigned long len, unsigned long vm_flags,
			  const char *name);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);
/* brk(2): returns the new break, or the old one if it cannot move. */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);
/* Grow a VM_GROWSDOWN area down to cover addr. 0 or -ENOMEM. */
int expand_stack(struct vm_area_struct *vma, unsigned long addr);

/* madvise(MADV_DONTNEED) and the rest (-EINVAL unless the swap layer
 * knows the advice). */
long madvise_dontneed(struct mm_struct *mm, unsigned long start,
		      unsigned long end);
long madvise_other(struct mm_struct *mm, unsigned long start,
		   unsigned long end, int advice);

/* mmap_lock held: unmap [start, end) without taking the lock. */
int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long end);

#endif
