/*
 * mm.h - the public face of mm/: physical frames, the direct map, the
 * kernel heap and kernel stacks. Page tables are in mm/pgtable.h.
 *
 * The kernel's virtual address space (see ../shared/DESIGN.md):
 *
 *   0x0000000000000000 .. 0x00000000003fffff  never mapped (NULL guard)
 *   0x0000000000400000 .. 0x00007fffffffffff  user space (per process)
 *   0xffff888000000000 .. + RAM size          direct map of all RAM, NX
 *   0xffffc90000000000 .. KSTACK_END          kernel stacks + guard pages
 *   0xffffffff80000000 .. _end                kernel image, by section
 *
 * Every physical frame below max_pfn has one struct page in mem_map
 * (mm/page_alloc.c); pfn_to_page()/page_to_pfn() convert between them.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "kernel/list.h"
#include "kernel/types.h"
#include "kernel/x86.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) ALIGN_UP((unsigned long)(x), PAGE_SIZE)

/* Where all physical RAM is mapped: virtual = PAGE_OFFSET + physical. */
#define PAGE_OFFSET 0xffff888000000000UL
/* Kernel stacks, each with an unmapped guard page below it (mm/kstack.c). */
#define KSTACK_START 0xffffc90000000000UL
#define KSTACK_SIZE (4 * PAGE_SIZE)
#define KSTACK_SLOTS 128
#define KSTACK_END (KSTACK_START + KSTACK_SLOTS * (KSTACK_SIZE + PAGE_SIZE))
/* The kernel image: virtual = KERNEL_VMA + physical (linker.ld; Linux
 * calls it __START_KERNEL_map). */
#define KERNEL_VMA 0xffffffff80000000UL

/* Virtual address of physical x in the direct map, and back. __pa() also
 * accepts kernel-image addresses (a static variable), as Linux's does. */
static inline phys_addr_t __phys_addr(unsigned long x)
{
	return x >= KERNEL_VMA ? x - KERNEL_VMA : x - PAGE_OFFSET;
}
#define __pa(x) __phys_addr((unsigned long)(x))
#define __va(x) ((void *)((unsigned long)(x) + PAGE_OFFSET))
static inline void *phys_to_virt(phys_addr_t x)
{
	return __va(x);
}
static inline phys_addr_t virt_to_phys(const volatile void *x)
{
	return __pa(x);
}

/*
 * struct page: what the kernel knows about one physical frame.
 *
 * _refcount counts users of the frame (page tables mapping it, the swap
 * cache, a kernel pointer held across a sleep); the frame goes back to the
 * free lists when it drops to 0. _mapcount counts the PTEs that map it,
 * stored minus one as in Linux: -1 means unmapped (page_mapcount() == 0).
 * A mapped page's _refcount is at least its map count.
 */
struct kmem_cache;

struct page {
	unsigned long flags; /* PG_* bits, below */
	int _refcount; /* page_count(); freed when it reaches 0 */
	int _mapcount; /* page_mapcount() - 1 */
	union {
		struct { /* pages in use by user space, and free blocks */
			/* Reclaim's lists; the buddy free lists when free. */
			struct list_head lru;
			/* Reverse map: for an anonymous page, what finds the
			 * PTEs mapping it (set by rmap, a later layer). */
			void *mapping;
			/* Page offset of this page within its mapping. */
			unsigned long index;
			/* PG_swapcache: the swp_entry_t of its swap slot.
			 * PG_buddy, PG_large_kmalloc: the block's order. */
			unsigned long private;
			/* Shared anonymous memory: the object holding the
			 * page at index (mm/shmem.c), else NULL. */
			void *shmem;
		};
		struct { /* PG_slab: a page of kmalloc objects */
			struct list_head slab_list; /* cache's partial list */
			struct kmem_cache *slab_cache;
			void *freelist; /* first free object */
			unsigned int inuse; /* objects handed out */
		};
	};
};

/* Page flags: bit numbers in page->flags (Linux's meanings). */
enum pageflags {
	PG_locked, /* under I/O or held by one task: others wait for it */
	PG_referenced, /* used recently: reclaim gives it a second chance */
	PG_dirty, /* contents differ from the copy in swap */
	PG_reserved, /* never allocated or freed: firmware, kernel, boot data */
	PG_anon, /* anonymous memory (no file behind it) */
	PG_swapcache, /* in the swap cache; private holds its swap entry */
	PG_slab, /* belongs to the kmalloc heap (slab fields are live) */
	PG_large_kmalloc, /* a kmalloc too big for a slab: whole pages */
	PG_buddy, /* free: heads a block of 2^private frames */
	PG_lru, /* on reclaim's LRU list (mm/vmscan.c), via lru */
	NR_PAGEFLAGS,
};

/*
 * PageLocked(p), SetPageLocked(p), ClearPageLocked(p), and the same for
 * every flag. Set/Clear are single atomic instructions: an interrupt
 * handler (I/O completion) may change flags of a page a task is using.
 */
#define PAGEFLAG(uname, bit)                                               \
	static inline bool Page##uname(const struct page *p)               \
	{                                                                  \
		return p->flags & BIT(bit);                                \
	}                                                                  \
	static inline void SetPage##uname(struct page *p)                  \
	{                                                                  \
		__atomic_or_fetch(&p->flags, BIT(bit), __ATOMIC_SEQ_CST);  \
	}                                                                  \
	static inline void ClearPage##uname(struct page *p)                \
	{                                                                  \
		__atomic_and_fetch(&p->flags, ~BIT(bit), __ATOMIC_SEQ_CST); \
	}
PAGEFLAG(Locked, PG_locked)
PAGEFLAG(Referenced, PG_referenced)
PAGEFLAG(Dirty, PG_dirty)
PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Anon, PG_anon)
PAGEFLAG(SwapCache, PG_swapcache)
PAGEFLAG(Slab, PG_slab)
PAGEFLAG(LargeKmalloc, PG_large_kmalloc)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(LRU, PG_lru)
#undef PAGEFLAG

static inline int page_count(const struct page *page)
{
	return READ_ONCE(page->_refcount);
}
static inline int page_mapcount(const struct page *page)
{
	return READ_ONCE(page->_mapcount) + 1;
}
/* Take another reference on a page someone already holds. */
void get_page(struct page *page);
/* Drop a reference; the frame is freed when the last one goes. */
void put_page(struct page *page);

unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
/* Is there a struct page for this pfn (RAM below the mem= cap)? */
bool pfn_valid(unsigned long pfn);
static inline void *page_address(const struct page *page)
{
	return __va(page_to_pfn(page) << PAGE_SHIFT);
}
/* Is p a direct-map address with a struct page behind it? */
static inline bool virt_addr_valid(const void *p)
{
	unsigned long x = (unsigned long)p;

	return x >= PAGE_OFFSET && pfn_valid((x - PAGE_OFFSET) >> PAGE_SHIFT);
}
static inline struct page *virt_to_page(const void *p)
{
	return pfn_to_page(__pa(p) >> PAGE_SHIFT);
}

/*
 * Allocation flags. GFP_KERNEL: an ordinary kernel allocation.
 * __GFP_ZERO: the memory comes back zeroed.
 */
typedef unsigned int gfp_t;
#define GFP_KERNEL ((gfp_t)0)
#define __GFP_ZERO ((gfp_t)1)

/* Largest block alloc_pages() hands out: 2^MAX_ORDER frames (4 MiB). */
#define MAX_ORDER 10

/*
 * 2^order physically contiguous frames, the first one's pfn a multiple of
 * 2^order, with a reference count of 1 on the first page. NULL when no
 * such block is free (never panics). Free with __free_pages(same order).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *page, unsigned int order);
static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}
static inline void __free_page(struct page *page)
{
	__free_pages(page, 0);
}
/*
 * Every frame user space gets comes from here (or is a full copy of
 * another user page): a fresh user page must never show what the kernel
 * or another process left in it.
 */
static inline struct page *alloc_zeroed_user_page(void)
{
	return alloc_page(GFP_KERNEL | __GFP_ZERO);
}
/* Smallest order whose block holds size bytes. */
unsigned int get_order(unsigned long size);

/* Frame counters (also the "frames" leak check of the self-tests). */
unsigned long nr_free_frames(void);
/* Frames the allocator manages: RAM below the mem= cap, not reserved. */
unsigned long nr_total_frames(void);
/* RAM frames below the cap that are never handed out (PG_reserved). */
unsigned long nr_reserved_frames(void);
/* Free blocks of exactly 2^order frames (Linux's /proc/buddyinfo). */
unsigned long nr_free_blocks(unsigned int order);

/*
 * The kernel heap: objects of any size; up to 2 KiB they come from slabs
 * of same-sized objects, bigger ones are whole pages. Alignment: the
 * object size rounded up to a power of two, at most PAGE_SIZE.
 * kmalloc returns NULL when memory is exhausted; kfree(NULL) is a no-op.
 */
void *kmalloc(size_t size, gfp_t gfp);
static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}
/* Free p; a double free or a pointer kmalloc never returned panics. */
void kfree(const void *p);
/* The same check without the panic: 0 (freed) or -EINVAL (refused). */
int kfree_checked(const void *p);
/* Bytes handed out by kmalloc and not yet freed (the "heap" leak check). */
long kmalloc_bytes_in_use(void);

/*
 * Kernel stacks: KSTACK_SIZE bytes in the kernel-stack area with an
 * unmapped guard page below, so an overflow faults instead of corrupting
 * a neighbour. kstack_alloc() returns the TOP (initial rsp), or NULL.
 */
void *kstack_alloc(void);
void kstack_free(void *top);

/*
 * CPU protections, detected by mm_init(). With SMAP on, the kernel may
 * touch user pages only between user_access_begin() and _end() (they
 * set/clear RFLAGS.AC; stac/clac would #UD on a CPU without SMAP).
 */
bool cpu_has_smap(void);
bool cpu_has_smep(void);
static inline void user_access_begin(void)
{
	if (cpu_has_smap())
		stac();
}
static inline void user_access_end(void)
{
	if (cpu_has_smap())
		clac();
}

/*
 * Bring up memory management: frames from the multiboot2 map, kernel page
 * tables (direct map, image by section, boot identity map gone), CPU
 * protections, kernel-stack area. Called once by kmain.
 */
void mm_init(void);

#endif
