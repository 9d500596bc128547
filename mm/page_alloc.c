/*
 * page_alloc.c - physical frames: mem_map and the buddy allocator.
 *
 * mem_map has one struct page per frame from pfn 0 to max_pfn (the end of
 * RAM, or the mem= cap). Holes, the first MiB, the kernel and boot data
 * stay PG_reserved forever; every other frame is either allocated or free.
 *
 * Free frames sit in blocks of 2^order frames (order 0..MAX_ORDER), the
 * first frame's pfn a multiple of 2^order, one list per order. A block's
 * "buddy" is the block of the same order it would merge with: pfn ^ 2^order.
 *
 *   alloc_pages(order): take a block of the smallest order >= order that
 *       has one and split it: the upper halves go back on the lower lists.
 *   __free_pages(order): while the buddy is free and of the same order,
 *       take it off its list and merge; put the result on its list.
 *
 * Invariants:
 *   - A free block's first page has PG_buddy and private = its order; no
 *     other page of a free block has flags.
 *   - Any set of free frames has one decomposition into maximal buddy
 *     blocks, and freeing always reaches it: freeing everything that was
 *     allocated restores every order's count (the pmm tests check this).
 *   - An allocated block's first page has _refcount >= 1; the rest 0.
 *
 * Interrupt handlers may free pages (the last reference to a page can be
 * dropped at I/O completion), so the lists are touched with IRQs off.
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/vmscan.h"

struct free_area {
	struct list_head free_list; /* first pages of free blocks */
	unsigned long nr_free; /* blocks on it */
};

static struct page *mem_map; /* indexed by pfn */
static unsigned long max_pfn; /* mem_map covers [0, max_pfn) */
static struct free_area free_area[MAX_ORDER + 1];
static unsigned long nr_free, nr_total, nr_reserved; /* frames */

/* Flags no page may carry when its last reference goes. */
#define PAGE_FLAGS_CHECK_AT_FREE                                      \
	(BIT(PG_locked) | BIT(PG_reserved) | BIT(PG_swapcache) |       \
	 BIT(PG_slab) | BIT(PG_large_kmalloc) | BIT(PG_buddy))

unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

struct page *pfn_to_page(unsigned long pfn)
{
	if (unlikely(!pfn_valid(pfn)))
		panic("pfn_to_page: pfn %#lx beyond mem_map (max_pfn %#lx)",
		      pfn, max_pfn);
	return &mem_map[pfn];
}

unsigned int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	/* Bits needed to number the pages minus one. */
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

static void bad_page(const struct page *page, const char *reason)
{
	panic("bad page: pfn %#lx %s (flags %#lx count %d mapcount %d)",
	      page_to_pfn(page), reason, page->flags, page->_refcount,
	      page->_mapcount);
}

/* --- the buddy lists (callers hold IRQs off) --- */

static void add_to_free_area(struct page *page, unsigned int order)
{
	SetPageBuddy(page);
	page->private = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void del_from_free_area(struct page *page, unsigned int order)
{
	list_del_init(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	free_area[order].nr_free--;
}

/* Is the frame at pfn the head of a free block of exactly this order? */
static bool page_is_buddy(unsigned long pfn, unsigned int order)
{
	return pfn < max_pfn && PageBuddy(&mem_map[pfn]) &&
	       mem_map[pfn].private == order;
}

static void __free_one_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	while (order < MAX_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);

		if (!page_is_buddy(buddy_pfn, order))
			break;
		del_from_free_area(&mem_map[buddy_pfn], order);
		pfn &= buddy_pfn; /* the merged block starts at the lower */
		order++;
	}
	add_to_free_area(&mem_map[pfn], order);
}

/* Split a 2^high block down to 2^low, freeing the upper halves. */
static void expand(struct page *page, unsigned int low, unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_area(page + (1UL << high), high);
	}
}

static struct page *__rmqueue(unsigned int order)
{
	for (unsigned int o = order; o <= MAX_ORDER; o++) {
		struct free_area *area = &free_area[o];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		del_from_free_area(page, o);
		expand(page, order, o);
		return page;
	}
	return NULL;
}

/* --- allocating and freeing --- */

/* Fill 2^order frames with byte, 8 bytes a store (memset stores bytes one
 * by one, which QEMU emulates slowly). */
static void fill_pages(struct page *page, unsigned int order, u8 byte)
{
	u64 *p = page_address(page);
	u64 *end = p + (PAGE_SIZE << order) / sizeof(*p);
	u64 pattern = byte * 0x0101010101010101UL;

	while (p < end)
		*p++ = pattern;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (p->flags || p->_refcount || p->_mapcount != -1)
			bad_page(p, "in a free block is in use");
	}
	INIT_LIST_HEAD(&page->lru);
	page->_refcount = 1;
	if (gfp & __GFP_ZERO)
		fill_pages(page, order, 0);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;
	u64 irqflags;

	if (order > MAX_ORDER)
		return NULL;
	irqflags = local_irq_save();
	page = __rmqueue(order);
	if (page)
		nr_free -= 1UL << order;
	local_irq_restore(irqflags);
	if (page)
		prep_new_page(page, order, gfp);
	wakeup_kswapd(); /* below the low watermark? reclaim in the background */
	return page;
}

/* The last reference is gone: check, poison and give the frames back. */
static void free_pages_ok(struct page *page, unsigned int order)
{
	u64 irqflags;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (p->_mapcount != -1)
			bad_page(p, "freed while still mapped");
		if (p->flags & PAGE_FLAGS_CHECK_AT_FREE)
			bad_page(p, "freed with a flag that must be clear");
		p->flags = 0;
		p->mapping = NULL;
		p->shmem = NULL;
		p->index = 0;
		p->private = 0;
	}
	if (CONFIG_DEBUG_MM)
		fill_pages(page, order, POISON_FREE);
	irqflags = local_irq_save();
	__free_one_page(page, order);
	nr_free += 1UL << order;
	local_irq_restore(irqflags);
}

/* Drop one reference; true if it was the last. */
static bool put_page_testzero(struct page *page)
{
	if (unlikely(page_count(page) <= 0))
		bad_page(page, "reference dropped on a free page");
	return __atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_SEQ_CST) == 0;
}

void __free_pages(struct page *page, unsigned int order)
{
	if (put_page_testzero(page))
		free_pages_ok(page, order);
}

void get_page(struct page *page)
{
	if (unlikely(page_count(page) <= 0))
		bad_page(page, "reference taken on a free page");
	__atomic_add_fetch(&page->_refcount, 1, __ATOMIC_SEQ_CST);
}

/* A user page's last reference also takes it off reclaim's LRU. */
void put_page(struct page *page)
{
	if (!put_page_testzero(page))
		return;
	if (PageLRU(page))
		lru_del(page);
	free_pages_ok(page, 0);
}

/* --- counters --- */

unsigned long nr_free_frames(void)
{
	return READ_ONCE(nr_free);
}

unsigned long nr_total_frames(void)
{
	return nr_total;
}

unsigned long nr_reserved_frames(void)
{
	return nr_reserved;
}

unsigned long nr_free_blocks(unsigned int order)
{
	return order <= MAX_ORDER ? READ_ONCE(free_area[order].nr_free) : 0;
}

static long frames_free(void)
{
	return (long)nr_free_frames();
}
KTEST_RESOURCE(frames_resource, "frames", frames_free);

/* --- boot --- */

/* Hand every RAM frame in [lo, hi) that is not reserved to the lists.
 * Never-used frames need no poison. */
static void free_boot_frames(unsigned long lo, unsigned long hi)
{
	phys_addr_t start, end;

	for (int i = 0; memblock_ram_range(i, &start, &end); i++) {
		unsigned long first = MAX(lo, start >> PAGE_SHIFT);
		unsigned long last = MIN(hi, end >> PAGE_SHIFT);

		for (unsigned long pfn = first; pfn < last; pfn++) {
			struct page *page = &mem_map[pfn];

			if (memblock_is_reserved(pfn << PAGE_SHIFT)) {
				nr_reserved++;
				continue;
			}
			ClearPageReserved(page);
			page->_refcount = 0;
			__free_one_page(page, 0);
			nr_free++;
			nr_total++;
		}
	}
}

/*
 * mem_map goes below EARLY_MAP_LIMIT, where the boot tables let __va()
 * reach it, and so do the first free frames: paging_init() takes its
 * page-table pages from them before the direct map covers anything else.
 */
void page_alloc_init(void)
{
	phys_addr_t end = MIN(memblock_end_of_ram(), memblock_limit());
	unsigned long size;

	max_pfn = end >> PAGE_SHIFT;
	size = max_pfn * sizeof(struct page);
	mem_map = __va(memblock_alloc(size, EARLY_MAP_LIMIT));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn] = (struct page){
			.flags = BIT(PG_reserved), ._refcount = 1,
			._mapcount = -1,
		};
	for (int o = 0; o <= MAX_ORDER; o++)
		INIT_LIST_HEAD(&free_area[o].free_list);
	free_boot_frames(0, MIN(max_pfn, EARLY_MAP_LIMIT >> PAGE_SHIFT));
}

void page_alloc_init_late(void)
{
	free_boot_frames(EARLY_MAP_LIMIT >> PAGE_SHIFT, max_pfn);
}
