/*
 * mm_struct.c - the life of an address space: allocate, use, tear down,
 * and which one the CPU is running on (active_mm).
 */
#include "kernel/panic.h"
#include "mm/fork.h"
#include "mm/memory.h"

/* The mm whose page tables are in CR3; NULL = the kernel's own. */
static struct mm_struct *cur_mm;

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	mutex_init(&mm->mmap_lock);
	INIT_LIST_HEAD(&mm->mmap);
	mm->mm_users = 1;
	return mm;
}

void mmget(struct mm_struct *mm)
{
	mm->mm_users++;
}

/* Unmap every area (pages and swap slots go back), then the tables. */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *next;

	list_for_each_entry_safe(vma, next, &mm->mmap, vm_list) {
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vma_unlink(vma);
		vma_free(vma);
	}
	BUG_ON(mm->stats.anon_rss != 0);
	BUG_ON(mm->stats.swap_ents != 0);
}

void mmput(struct mm_struct *mm)
{
	BUG_ON(mm->mm_users <= 0);
	if (--mm->mm_users)
		return;
	BUG_ON(mm == cur_mm); /* switch away first */
	exit_mmap(mm);
	pgd_free(mm->pgd);
	kfree(mm);
}

void switch_mm(struct mm_struct *mm)
{
	cur_mm = mm;
	load_cr3(mm ? mm->pgd : kernel_pgd());
}

struct mm_struct *active_mm(void)
{
	return cur_mm;
}
