/*
 * vma.h - address spaces (struct mm_struct) and their areas
 * (struct vm_area_struct), with Linux's names, flags and meanings.
 *
 * THE INVARIANT THIS KERNEL EXISTS TO SHOW: a VMA is the source of truth
 * for what a range of user addresses may do. A PTE is a cache of it plus
 * per-page state (present, accessed, dirty, exclusive). Every user PTE the
 * kernel creates is mk_pte(page, vma->vm_page_prot), made writable only by
 * maybe_mkwrite() when the page is proven exclusive. So when a swap-out
 * throws a PTE's permission bits away, nothing is lost: swap-in rebuilds
 * them from the VMA.
 *
 *   vm_flags      what the mapping allows now (VM_READ/WRITE/EXEC) and may
 *                 be raised to by mprotect (VM_MAYREAD/MAYWRITE/MAYEXEC)
 *   vm_page_prot  the PTE bits for pages here: vm_get_page_prot(vm_flags);
 *                 for a private writable area it is READ-ONLY, which is
 *                 the whole copy-on-write mechanism
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include "kernel/list.h"
#include "kernel/mutex.h"
#include "mm/pgtable.h"

/* vm_flags: Linux's bit values (include/linux/mm.h). */
#define VM_NONE 0x00000000UL
#define VM_READ 0x00000001UL
#define VM_WRITE 0x00000002UL
#define VM_EXEC 0x00000004UL
#define VM_SHARED 0x00000008UL
#define VM_MAYREAD 0x00000010UL /* ceilings for mprotect */
#define VM_MAYWRITE 0x00000020UL
#define VM_MAYEXEC 0x00000040UL
#define VM_MAYSHARE 0x00000080UL
#define VM_GROWSDOWN 0x00000100UL /* a stack: grows down on a fault */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

/* User space: [0, TASK_SIZE). Nothing is ever mapped below MMAP_MIN_ADDR
 * (NULL and small-offset dereferences always fault). */
#define TASK_SIZE 0x00007ffffffff000UL
#define MMAP_MIN_ADDR 0x400000UL
/* Kernel-chosen mmap addresses are searched downward from here. */
#define MMAP_BASE 0x00007f0000000000UL
/* A growing stack keeps this gap to the area below it (Linux: 256 pages). */
#define STACK_GUARD_GAP (256UL * PAGE_SIZE)
#define STACK_RLIMIT (8UL << 20)

struct mm_struct;
struct shmem_object;

struct vm_area_struct {
	unsigned long vm_start; /* first address in the area */
	unsigned long vm_end; /* first address past it: [vm_start, vm_end) */
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot; /* = vm_get_page_prot(vm_flags), always */
	unsigned long vm_flags;
	struct list_head vm_list; /* in mm->mmap, sorted by vm_start */
	const char *vm_name; /* "[heap]", "[stack]", a path, or NULL */
	/* MAP_SHARED|MAP_ANONYMOUS: the object holding the pages every
	 * mapper shares, and this area's first page index in it. */
	struct shmem_object *vm_shared;
	unsigned long vm_pgoff;
};

/* Fault and COW events, counted per mm and globally (/proc/vmstat). */
enum mm_event {
	MM_MIN_FLT, /* faults resolved without I/O */
	MM_MAJ_FLT, /* faults that read from disk */
	MM_COW_COPY, /* do_wp_page copied the page */
	MM_COW_REUSE, /* do_wp_page reused it: the only reference */
	MM_ZERO_PAGE, /* read faults served by the shared zero page */
	NR_MM_EVENTS,
};

struct mm_counters {
	u64 events[NR_MM_EVENTS];
	long anon_rss; /* pages mapped now (anonymous, private or shared) */
	long swap_ents; /* swap PTEs now */
};

struct mm_struct {
	pgd_t *pgd; /* top-level table; kernel half shared by all */
	/*
	 * mmap_lock: held (sleeping lock) by anyone who changes the VMA list
	 * or the user page tables, including the whole of a page fault, so
	 * a fault that sleeps on disk I/O keeps them stable. Protects:
	 * mmap, map_count, start_brk, brk, and every user PTE of this mm.
	 */
	struct mutex mmap_lock;
	struct list_head mmap; /* VMAs: sorted, disjoint (vma_check) */
	int map_count;
	int mm_users; /* tasks using this mm; freed at zero */
	unsigned long start_brk, brk; /* heap: [start_brk, brk) */
	unsigned long start_stack;
	struct mm_counters stats;
};

/* Linux's x86-64 protection_map (see DESIGN.md's table). */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* Private and may become writable: writes must copy (COW). */
static inline bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* The first VMA with vm_end > addr (it may start above addr), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);
struct vm_area_struct *vma_next(struct vm_area_struct *vma);
struct vm_area_struct *vma_prev(struct vm_area_struct *vma);

/* Low-level list operations; callers hold mmap_lock. */
struct vm_area_struct *vma_alloc(struct mm_struct *mm, unsigned long start,
				 unsigned long end, unsigned long flags);
void vma_free(struct vm_area_struct *vma);
void vma_insert(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct vm_area_struct *vma);
/* Split vma at addr (page aligned, strictly inside): vma keeps the lower
 * part, the new upper part is returned (NULL: out of memory). */
struct vm_area_struct *vma_split(struct vm_area_struct *vma,
				 unsigned long addr);
/* Merge vma with its neighbours where they touch and match. */
struct vm_area_struct *vma_merge(struct vm_area_struct *vma);
/* Set vm_flags and recompute vm_page_prot from them. */
void vma_set_flags(struct vm_area_struct *vma, unsigned long flags);
/* BUG unless the list is sorted, disjoint, page aligned, non-empty. */
void vma_check(struct mm_struct *mm);
/* "rw-p" style: r/w/x and p(rivate) or s(hared), into buf[5]. */
void vma_flags_str(unsigned long vm_flags, char buf[5]);

#endif
