/*
 * mmap.c - map, unmap, change protection, brk, and stack growth.
 *
 * Every change goes through the same three steps: split the VMAs at the
 * range's edges, change what lies inside, merge neighbours that became
 * identical, then vma_check() the invariant. Page-table work is delegated:
 * zap_page_range() frees what an unmapped range held (pages and swap
 * slots), change_protection() rewrites present PTEs from the new
 * vm_page_prot and never touches a swap PTE.
 */
#include "mm/mmap.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/memory.h"
#include "mm/mm.h"
#include "mm/shmem.h"
#include "mm/swap.h"

static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (prot & PROT_READ)
		vm |= VM_READ;
	if (prot & PROT_WRITE)
		vm |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm |= VM_EXEC;
	if ((flags & MAP_TYPE) == MAP_SHARED)
		vm |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_GROWSDOWN)
		vm |= VM_GROWSDOWN;
	return vm;
}

/* Highest free gap of len bytes below MMAP_BASE (top-down, like Linux). */
static unsigned long get_unmapped_area(struct mm_struct *mm,
				       unsigned long len)
{
	unsigned long top = MMAP_BASE;
	struct vm_area_struct *vma;

	/* Walk areas from the highest down; each gap is [prev end, vma). */
	list_for_each_entry_reverse(vma, &mm->mmap, vm_list) {
		if (vma->vm_start >= top)
			continue;
		if (top >= len && vma->vm_end <= top - len)
			return top - len;
		top = vma->vm_start;
		if (vma->vm_flags & VM_GROWSDOWN)
			top = top > STACK_GUARD_GAP ? top - STACK_GUARD_GAP : 0;
	}
	return top - len >= MMAP_MIN_ADDR && top >= len ? top - len
							: (unsigned long)-ENOMEM;
}

static bool range_ok(unsigned long addr, unsigned long len)
{
	return addr >= MMAP_MIN_ADDR && len <= TASK_SIZE &&
	       addr <= TASK_SIZE - len;
}

/*
 * Linux's default overcommit heuristic (OVERCOMMIT_GUESS): a writable
 * mapping may promise more memory than is free, but never more than RAM
 * and swap together - that request could never be met. MAP_NORESERVE
 * opts out, as in Linux.
 */
static bool vm_enough_memory(unsigned long pages)
{
	return pages <= nr_total_frames() + (unsigned long)get_total_swap_pages();
}

unsigned long mmap_region(struct mm_struct *mm, unsigned long addr,
			  unsigned long len, unsigned long vm_flags,
			  const char *name)
{
	unsigned long end = addr + len;

	if (find_vma_intersection(mm, addr, end)) {
		int err = __do_munmap(mm, addr, end);
		if (err)
			return err;
	}
	struct vm_area_struct *vma = vma_alloc(mm, addr, end, vm_flags);
	if (!vma)
		return -ENOMEM;
	if (vm_flags & VM_SHARED) {
		vma->vm_shared = shmem_create();
		if (!vma->vm_shared) {
			vma_free(vma);
			return -ENOMEM;
		}
	}
	vma->vm_name = name;
	vma_insert(mm, vma);
	vma_merge(vma);
	vma_check(mm);
	return addr;
}

/* Argument checks in Linux's order; returns 0 or -errno. */
static long mmap_check(unsigned long addr, unsigned long len,
		       unsigned long prot, unsigned long flags)
{
	unsigned long type = flags & MAP_TYPE;

	if (!len)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV; /* no file-backed mappings in faultline */
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    !IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	if (ALIGN_UP(len, PAGE_SIZE) < len || len > TASK_SIZE)
		return -ENOMEM;
	return 0;
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags)
{
	long err = mmap_check(addr, len, prot, flags);

	if (err)
		return err;
	len = ALIGN_UP(len, PAGE_SIZE);
	mutex_lock(&mm->mmap_lock);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr < MMAP_MIN_ADDR)
			err = -EPERM;
		else if (!range_ok(addr, len))
			err = -ENOMEM;
		else if ((flags & MAP_FIXED_NOREPLACE) &&
			 find_vma_intersection(mm, addr, addr + len))
			err = -EEXIST;
	} else {
		/* A hint is used when that range is free, as in Linux. */
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (!addr || !range_ok(addr, len) ||
		    find_vma_intersection(mm, addr, addr + len))
			addr = get_unmapped_area(mm, len);
		if (IS_ERR_VALUE(addr))
			err = (long)addr;
	}
	if (!err && (prot & PROT_WRITE) && !(flags & MAP_NORESERVE) &&
	    !vm_enough_memory(len >> PAGE_SHIFT))
		err = -ENOMEM;
	if (!err)
		addr = mmap_region(mm, addr, len, calc_vm_flags(prot, flags),
				   NULL);
	mutex_unlock(&mm->mmap_lock);
	return err ? (unsigned long)err : addr;
}

/* Make start and end VMA boundaries (if inside a VMA). 0 or -ENOMEM. */
static int split_at_edges(struct mm_struct *mm, unsigned long start,
			  unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < start && vma->vm_end > start &&
	    !vma_split(vma, start))
		return -ENOMEM;
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && vma->vm_end > end &&
	    !vma_split(vma, end))
		return -ENOMEM;
	return 0;
}

int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int err = split_at_edges(mm, start, end);

	if (err)
		return err;
	struct vm_area_struct *vma = find_vma(mm, start);
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma_next(vma);
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vma_unlink(vma);
		vma_free(vma);
		vma = next;
	}
	free_pgd_range(mm->pgd, start, end);
	vma_check(mm);
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || len > TASK_SIZE ||
	    start > TASK_SIZE - len)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	mutex_lock(&mm->mmap_lock);
	int err = __do_munmap(mm, start, start + len);
	mutex_unlock(&mm->mmap_lock);
	return err;
}

/* Is [start, end) covered by VMAs without holes? */
static bool fully_mapped(struct mm_struct *mm, unsigned long start,
			 unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	for (unsigned long at = start; at < end; vma = vma_next(vma)) {
		if (!vma || vma->vm_start > at)
			return false;
		at = vma->vm_end;
	}
	return true;
}

/* mprotect may not raise a permission above its VM_MAY* ceiling. */
static bool prot_allowed(unsigned long vm_flags, unsigned long newflags)
{
	unsigned long want = newflags & VM_ACCESS_FLAGS;
	unsigned long may = (vm_flags & (VM_MAYREAD | VM_MAYWRITE |
					 VM_MAYEXEC)) >> 4;
	return !(want & ~may);
}

static int mprotect_range(struct mm_struct *mm, unsigned long start,
			  unsigned long end, unsigned long prot)
{
	unsigned long want = calc_vm_flags(prot, 0) & VM_ACCESS_FLAGS;
	struct vm_area_struct *vma;

	/* All or nothing: check every area before changing any. */
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(vma))
		if (!prot_allowed(vma->vm_flags, want))
			return -EACCES;
	int err = split_at_edges(mm, start, end);
	if (err)
		return err;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;) {
		vma_set_flags(vma, (vma->vm_flags & ~VM_ACCESS_FLAGS) | want);
		change_protection(vma, vma->vm_start, vma->vm_end);
		vma = vma_next(vma_merge(vma));
	}
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (!len)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || start + len < start)
		return -ENOMEM;
	mutex_lock(&mm->mmap_lock);
	int err = fully_mapped(mm, start, start + len)
			  ? mprotect_range(mm, start, start + len, prot)
			  : -ENOMEM;
	vma_check(mm);
	mutex_unlock(&mm->mmap_lock);
	return err;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	mutex_lock(&mm->mmap_lock);
	unsigned long old = mm->brk;
	unsigned long oldend = ALIGN_UP(old, PAGE_SIZE);
	unsigned long newend = ALIGN_UP(brk, PAGE_SIZE);

	if (brk < mm->start_brk || brk > TASK_SIZE)
		goto out;
	if (newend < oldend) {
		if (__do_munmap(mm, newend, oldend))
			goto out;
	} else if (newend > oldend) {
		/* Growing must not reach the next area (or its stack gap). */
		struct vm_area_struct *next = find_vma(mm, oldend);
		unsigned long gap = next && (next->vm_flags & VM_GROWSDOWN)
					    ? STACK_GUARD_GAP : 0;
		if (next && newend + gap > next->vm_start)
			goto out;
		if (!vm_enough_memory((newend - oldend) >> PAGE_SHIFT))
			goto out;
		unsigned long r = mmap_region(
			mm, oldend, newend - oldend,
			VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
				VM_MAYEXEC,
			"[heap]");
		if (IS_ERR_VALUE(r))
			goto out;
	}
	mm->brk = brk;
out:
	brk = mm->brk;
	mutex_unlock(&mm->mmap_lock);
	return brk;
}

/* Called with mmap_lock held, from the fault path. */
int expand_stack(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *prev = vma_prev(vma);
	unsigned long start = ALIGN_DOWN(addr, PAGE_SIZE);

	if (!(vma->vm_flags & VM_GROWSDOWN) || start >= vma->vm_start)
		return -ENOMEM;
	if (vma->vm_end - start > STACK_RLIMIT || start < MMAP_MIN_ADDR)
		return -ENOMEM;
	if (prev && prev->vm_end + STACK_GUARD_GAP > start)
		return -ENOMEM;
	vma->vm_start = start;
	vma_check(vma->vm_mm);
	return 0;
}

/* MADV_DONTNEED: unmap the pages but keep the areas; private ones read
 * as zero afterwards, shared ones come back from their object. */
long madvise_dontneed(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	struct vm_area_struct *vma;

	mutex_lock(&mm->mmap_lock);
	if (!fully_mapped(mm, start, end)) {
		mutex_unlock(&mm->mmap_lock);
		return -ENOMEM;
	}
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(vma))
		zap_page_range(vma, MAX(start, vma->vm_start),
			       MIN(end, vma->vm_end));
	mutex_unlock(&mm->mmap_lock);
	return 0;
}

