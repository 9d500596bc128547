/*
 * slab.c - kmalloc: the kernel heap.
 *
 * Requests up to KMALLOC_MAX_CACHE_SIZE go to a size class (16, 32, ...,
 * 2048 bytes; struct kmem_cache). A class owns slabs: single pages cut into
 * equal objects. A slab's bookkeeping lives in its struct page (PG_slab:
 * slab_cache, freelist, inuse, slab_list), so the page holds objects only
 * and each object is aligned to its size:
 *
 *   page_address(slab)
 *   +-------+-------+-------+-------+-- ... --+
 *   | obj 0 | obj 1 | obj 2 | obj 3 |         |   free objects are chained
 *   +-------+-------+-------+-------+-- ... --+   by their first 8 bytes:
 *     used    free ---------> free -> NULL        page->freelist -> obj 1
 *
 * Bigger requests get whole pages from alloc_pages() (PG_large_kmalloc on
 * the first page, the order in page->private).
 *
 * Invariants:
 *   - A slab is on its cache's partial list iff it has a free object;
 *     full slabs are on no list.
 *   - A slab with no object in use is freed at once, so the frame count
 *     goes back when the objects do (the self-tests' leak check).
 *   - A free object is POISON_FREE after its first 8 bytes (debug builds).
 *
 * kfree() refuses what kmalloc never returned or already took back: the
 * address must be a heap object's first byte and not on its slab's free
 * list. kfree_checked() reports that as -EINVAL; kfree() panics. Callers
 * may run with interrupts on or in IRQ handlers: lists move with IRQs off.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/internal.h"

#define KMALLOC_MIN_SIZE 16UL
#define KMALLOC_MAX_CACHE_SIZE 2048UL
#define NR_KMALLOC_CACHES 8 /* 16 << 0 .. 16 << 7 */

struct kmem_cache {
	const char *name;
	unsigned int size; /* bytes per object, a power of two */
	struct list_head partial; /* slabs with a free object */
};

#define KMALLOC_CACHE(i, n)                                              \
	[i] = { .name = "kmalloc-" #n, .size = n,                        \
		.partial = LIST_HEAD_INIT(kmalloc_caches[i].partial) }

static struct kmem_cache kmalloc_caches[NR_KMALLOC_CACHES] = {
	KMALLOC_CACHE(0, 16),	KMALLOC_CACHE(1, 32),
	KMALLOC_CACHE(2, 64),	KMALLOC_CACHE(3, 128),
	KMALLOC_CACHE(4, 256),	KMALLOC_CACHE(5, 512),
	KMALLOC_CACHE(6, 1024), KMALLOC_CACHE(7, 2048),
};
static long bytes_in_use;

static void account(long bytes)
{
	__atomic_add_fetch(&bytes_in_use, bytes, __ATOMIC_SEQ_CST);
}

long kmalloc_bytes_in_use(void)
{
	return READ_ONCE(bytes_in_use);
}
KTEST_RESOURCE(heap_resource, "heap", kmalloc_bytes_in_use);

static struct kmem_cache *kmalloc_cache(size_t size)
{
	int i = 0;

	while ((KMALLOC_MIN_SIZE << i) < size)
		i++;
	return &kmalloc_caches[i];
}

static void set_freepointer(void *obj, void *next)
{
	*(void **)obj = next;
}

static void *get_freepointer(const void *obj)
{
	return *(void *const *)obj;
}

/* A fresh slab with every object on its free list, or NULL. */
static struct page *new_slab(struct kmem_cache *cache)
{
	struct page *page = alloc_page(GFP_KERNEL);
	char *base;
	unsigned int n = PAGE_SIZE / cache->size;

	if (!page)
		return NULL;
	base = page_address(page);
	for (unsigned int i = 0; i + 1 < n; i++)
		set_freepointer(base + i * cache->size,
				base + (i + 1) * cache->size);
	set_freepointer(base + (n - 1) * cache->size, NULL);
	SetPageSlab(page);
	page->slab_cache = cache;
	page->freelist = base;
	page->inuse = 0;
	INIT_LIST_HEAD(&page->slab_list);
	return page;
}

/* Called with IRQs off. */
static void *slab_alloc(struct kmem_cache *cache)
{
	struct page *page;
	void *obj;

	if (list_empty(&cache->partial)) {
		page = new_slab(cache);
		if (!page)
			return NULL;
		list_add(&page->slab_list, &cache->partial);
	}
	page = list_first_entry(&cache->partial, struct page, slab_list);
	obj = page->freelist;
	page->freelist = get_freepointer(obj);
	page->inuse++;
	if (!page->freelist)
		list_del_init(&page->slab_list);
	account(cache->size);
	return obj;
}

/* Called with IRQs off; obj has passed kfree_refusal(). */
static void slab_free(struct page *page, void *obj)
{
	struct kmem_cache *cache = page->slab_cache;
	bool was_full = !page->freelist;

	if (CONFIG_DEBUG_MM)
		memset(obj, POISON_FREE, cache->size);
	set_freepointer(obj, page->freelist);
	page->freelist = obj;
	page->inuse--;
	account(-(long)cache->size);
	if (!page->inuse) {
		list_del_init(&page->slab_list);
		ClearPageSlab(page);
		__free_page(page);
	} else if (was_full) {
		list_add(&page->slab_list, &cache->partial);
	}
}

static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order;
	struct page *page;

	if (size > (PAGE_SIZE << MAX_ORDER))
		return NULL;
	order = get_order(size);
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	SetPageLargeKmalloc(page);
	page->private = order;
	account(PAGE_SIZE << order);
	return page_address(page);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *cache;
	void *obj;
	u64 irqflags;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	cache = kmalloc_cache(size);
	irqflags = local_irq_save();
	obj = slab_alloc(cache);
	local_irq_restore(irqflags);
	if (obj && (gfp & __GFP_ZERO))
		memset(obj, 0, cache->size);
	return obj;
}

static bool on_freelist(const struct page *page, const void *obj)
{
	for (const void *p = page->freelist; p; p = get_freepointer(p))
		if (p == obj)
			return true;
	return false;
}

/* Why p cannot be freed, or NULL if it can. */
static const char *kfree_refusal(const void *p)
{
	struct page *page;
	unsigned long offset;

	if (!virt_addr_valid(p))
		return "not a heap address";
	page = virt_to_page(p);
	offset = (unsigned long)p & ~PAGE_MASK;
	if (PageLargeKmalloc(page))
		return offset ? "inside a large allocation" : NULL;
	if (!PageSlab(page))
		return "not allocated by kmalloc (or already freed)";
	if (offset % page->slab_cache->size)
		return "not the start of an object";
	if (on_freelist(page, p))
		return "double free";
	return NULL;
}

/* Free p, or say why not (*why) and return -EINVAL. */
static int __kfree(const void *p, const char **why)
{
	struct page *page;
	u64 irqflags;

	if (!p)
		return 0;
	irqflags = local_irq_save();
	*why = kfree_refusal(p);
	if (*why) {
		local_irq_restore(irqflags);
		return -EINVAL;
	}
	page = virt_to_page(p);
	if (PageSlab(page)) {
		slab_free(page, (void *)p);
	} else {
		ClearPageLargeKmalloc(page);
		account(-(long)(PAGE_SIZE << page->private));
		__free_pages(page, page->private);
	}
	local_irq_restore(irqflags);
	return 0;
}

int kfree_checked(const void *p)
{
	const char *why;

	return __kfree(p, &why);
}

void kfree(const void *p)
{
	const char *why;

	if (__kfree(p, &why))
		panic("kfree: %p: %s", p, why);
}
