/*
 * vma.c - the sorted list of an address space's areas, and
 * vm_get_page_prot(), where a VMA's flags become PTE bits.
 *
 * Invariant (checked by vma_check() after every change): the VMAs of an mm
 * are sorted by vm_start, page aligned, non-empty and disjoint:
 *	prev->vm_end <= next->vm_start
 * A list is enough at this size (tens of areas) and easy to step through.
 */
#include "mm/vma.h"
#include "kernel/panic.h"
#include "mm/mm.h"
#include "mm/shmem.h"

/*
 * protection_map: indexed by VM_READ|VM_WRITE|VM_EXEC|VM_SHARED, exactly
 * Linux's x86-64 table (arch/x86/mm/pgprot.c); the PAGE_* values are in
 * mm/pgtable.h. A = accessed is always set, D = dirty never. Note the
 * private writable rows: PAGE_COPY has no _PAGE_RW. A write there faults,
 * and do_wp_page() decides per page whether to copy.
 */
static const pgprot_t protection_map[16] = {
	[VM_NONE] = PAGE_NONE,
	[VM_READ] = PAGE_READONLY,
	[VM_WRITE] = PAGE_COPY,
	[VM_WRITE | VM_READ] = PAGE_COPY,
	[VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE] = PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ] = PAGE_COPY_EXEC,
	[VM_SHARED | VM_NONE] = PAGE_NONE,
	[VM_SHARED | VM_READ] = PAGE_READONLY,
	[VM_SHARED | VM_WRITE] = PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ] = PAGE_SHARED,
	[VM_SHARED | VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE] = PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ] = PAGE_SHARED_EXEC,
};

pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	return protection_map[vm_flags & (VM_ACCESS_FLAGS | VM_SHARED)];
}

void vma_set_flags(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags = flags;
	vma->vm_page_prot = vm_get_page_prot(flags);
}

struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	struct list_head *n = vma->vm_list.next;

	return n == &vma->vm_mm->mmap ? NULL
				      : list_entry(n, struct vm_area_struct,
						   vm_list);
}

struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	struct list_head *p = vma->vm_list.prev;

	return p == &vma->vm_mm->mmap ? NULL
				      : list_entry(p, struct vm_area_struct,
						   vm_list);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

struct vm_area_struct *vma_alloc(struct mm_struct *mm, unsigned long start,
				 unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	INIT_LIST_HEAD(&vma->vm_list);
	vma_set_flags(vma, flags);
	return vma;
}

void vma_free(struct vm_area_struct *vma)
{
	if (vma->vm_shared)
		shmem_put(vma->vm_shared);
	kfree(vma);
}

/* Insert in address order. The caller has made room (no overlap). */
void vma_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(mm, vma->vm_start);

	vma->vm_mm = mm;
	if (next)
		list_add_tail(&vma->vm_list, &next->vm_list);
	else
		list_add_tail(&vma->vm_list, &mm->mmap);
	mm->map_count++;
}

void vma_unlink(struct vm_area_struct *vma)
{
	list_del_init(&vma->vm_list);
	vma->vm_mm->map_count--;
}

struct vm_area_struct *vma_split(struct vm_area_struct *vma,
				 unsigned long addr)
{
	BUG_ON(addr <= vma->vm_start || addr >= vma->vm_end ||
	       !IS_ALIGNED(addr, PAGE_SIZE));
	struct vm_area_struct *upper =
		vma_alloc(vma->vm_mm, addr, vma->vm_end, vma->vm_flags);
	if (!upper)
		return NULL;
	upper->vm_name = vma->vm_name;
	upper->vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	upper->vm_shared = vma->vm_shared;
	if (upper->vm_shared)
		shmem_get(upper->vm_shared);
	vma->vm_end = addr;
	list_add(&upper->vm_list, &vma->vm_list);
	vma->vm_mm->map_count++;
	return upper;
}

/* Two areas can become one: they touch and nothing distinguishes them. */
static bool can_merge(const struct vm_area_struct *a,
		      const struct vm_area_struct *b)
{
	if (!a || !b || a->vm_end != b->vm_start ||
	    a->vm_flags != b->vm_flags || a->vm_name != b->vm_name ||
	    a->vm_shared != b->vm_shared)
		return false;
	/* Shared areas must also be contiguous in their object. */
	return !a->vm_shared ||
	       a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT) ==
		       b->vm_pgoff;
}

struct vm_area_struct *vma_merge(struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next = vma_next(vma);

	if (can_merge(vma, next)) {
		vma->vm_end = next->vm_end;
		vma_unlink(next);
		vma_free(next);
	}
	if (can_merge(prev, vma)) {
		prev->vm_end = vma->vm_end;
		vma_unlink(vma);
		vma_free(vma);
		vma = prev;
	}
	return vma;
}

void vma_check(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long prev_end = 0;
	int n = 0;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		BUG_ON(vma->vm_mm != mm);
		BUG_ON(!IS_ALIGNED(vma->vm_start, PAGE_SIZE) ||
		       !IS_ALIGNED(vma->vm_end, PAGE_SIZE));
		BUG_ON(vma->vm_start >= vma->vm_end);
		BUG_ON(vma->vm_start < prev_end);
		BUG_ON(vma->vm_end > TASK_SIZE);
		BUG_ON(pgprot_val(vma->vm_page_prot) !=
		       pgprot_val(vm_get_page_prot(vma->vm_flags)));
		prev_end = vma->vm_end;
		n++;
	}
	BUG_ON(n != mm->map_count);
}

void vma_flags_str(unsigned long f, char buf[5])
{
	buf[0] = f & VM_READ ? 'r' : '-';
	buf[1] = f & VM_WRITE ? 'w' : '-';
	buf[2] = f & VM_EXEC ? 'x' : '-';
	buf[3] = f & VM_MAYSHARE ? 's' : 'p';
	buf[4] = '\0';
}
