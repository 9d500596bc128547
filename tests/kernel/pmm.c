/*
 * pmm.c - self-tests of physical frames: mm/page_alloc.c, mm/memblock.c.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/multiboot.h"
#include "kernel/sections.h"
#include "mm/internal.h"

#define FIRST_MIB_PFNS ((1UL << 20) >> PAGE_SHIFT)

static bool all_bytes_are(const void *p, u8 val, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != val)
			return false;
	return true;
}

/* alloc_page takes exactly one frame and __free_page gives it back. */
static void alloc_and_free_balance_counts(struct ktest *t)
{
	unsigned long before = nr_free_frames();
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, page);
	KT_EXPECT_EQ(t, nr_free_frames(), before - 1);
	__free_page(page);
	KT_EXPECT_EQ(t, nr_free_frames(), before);
}

/* A new page has count 1, no mappings, no flags; the last put frees it. */
static void last_put_page_frees_the_frame(struct ktest *t)
{
	unsigned long before = nr_free_frames();
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, page);
	KT_EXPECT_EQ(t, page_count(page), 1);
	KT_EXPECT_EQ(t, page_mapcount(page), 0);
	KT_EXPECT_EQ(t, page->flags, 0UL);
	KT_EXPECT_TRUE(t, list_empty(&page->lru));
	get_page(page);
	KT_EXPECT_EQ(t, page_count(page), 2);
	put_page(page);
	KT_EXPECT_EQ(t, page_count(page), 1);
	KT_EXPECT_EQ(t, nr_free_frames(), before - 1);
	put_page(page);
	KT_EXPECT_EQ(t, nr_free_frames(), before);
}

/* alloc_pages(order) hands out 2^order frames aligned to 2^order. */
static void alloc_pages_returns_aligned_runs(struct ktest *t)
{
	for (unsigned int order = 0; order <= 4; order++) {
		unsigned long before = nr_free_frames();
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		unsigned long n = 1UL << order;

		KT_ASSERT_NOT_NULL(t, page);
		KT_EXPECT_EQ(t, page_to_pfn(page) % n, 0UL);
		KT_EXPECT_EQ(t, nr_free_frames(), before - n);
		KT_EXPECT_TRUE(t, all_bytes_are(page_address(page), 0,
						PAGE_SIZE << order));
		__free_pages(page, order);
		KT_EXPECT_EQ(t, nr_free_frames(), before);
	}
	KT_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, MAX_ORDER + 1));
	KT_EXPECT_EQ(t, get_order(1), 0U);
	KT_EXPECT_EQ(t, get_order(PAGE_SIZE), 0U);
	KT_EXPECT_EQ(t, get_order(PAGE_SIZE + 1), 1U);
	KT_EXPECT_EQ(t, get_order(3 * PAGE_SIZE), 2U);
}

/* pfn_to_page, page_to_pfn, page_address, virt_to_page, __va, __pa agree. */
static void page_conversions_round_trip(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long pfn;
	u8 *va;

	KT_ASSERT_NOT_NULL(t, page);
	pfn = page_to_pfn(page);
	va = page_address(page);
	KT_EXPECT_EQ(t, pfn_to_page(pfn), page);
	KT_EXPECT_EQ(t, (unsigned long)va, PAGE_OFFSET + (pfn << PAGE_SHIFT));
	KT_EXPECT_EQ(t, virt_to_page(va + PAGE_SIZE - 1), page);
	KT_EXPECT_EQ(t, __pa(va), pfn << PAGE_SHIFT);
	KT_EXPECT_EQ(t, phys_to_virt(virt_to_phys(va)), (void *)va);
	KT_EXPECT_TRUE(t, virt_addr_valid(va));
	/* __pa of a kernel-image address is its load address. */
	KT_EXPECT_EQ(t, __pa(_stext), (unsigned long)_stext - KERNEL_VMA);
	__free_page(page);
}

static void expect_reserved(struct ktest *t, phys_addr_t addr)
{
	struct page *page = pfn_to_page(addr >> PAGE_SHIFT);

	if (!PageReserved(page))
		KT_FAIL(t, "frame %#lx is not PG_reserved", addr);
}

/* The first MiB, the kernel image, the boot information and every module
 * are reserved: never free, never handed out. */
static void boot_memory_is_reserved(struct ktest *t)
{
	const struct boot_info *bi = boot_info();

	expect_reserved(t, 0);
	expect_reserved(t, (FIRST_MIB_PFNS - 1) << PAGE_SHIFT);
	for (unsigned long a = (unsigned long)__kernel_phys_start;
	     a < (unsigned long)__kernel_phys_end; a += PAGE_SIZE)
		expect_reserved(t, a);
	expect_reserved(t, bi->info_phys);
	expect_reserved(t, bi->info_phys + bi->info_size - 1);
	for (int i = 0; i < bi->nr_modules; i++)
		for (phys_addr_t a = bi->modules[i].start;
		     a < bi->modules[i].end && pfn_valid(a >> PAGE_SHIFT);
		     a += PAGE_SIZE)
			expect_reserved(t, a);
	KT_EXPECT_GT(t, nr_reserved_frames(), FIRST_MIB_PFNS / 2);
	KT_EXPECT_LE(t, nr_free_frames(), nr_total_frames());
}

/* A freed frame is filled with POISON_FREE: a use after free reads junk. */
static void freed_frame_is_poisoned(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *va;

	if (!CONFIG_DEBUG_MM)
		ktest_skip(t, "built with CONFIG_DEBUG_MM=0");
	KT_ASSERT_NOT_NULL(t, page);
	va = page_address(page);
	memset(va, 0x11, PAGE_SIZE);
	__free_page(page);
	/* Nothing allocates in between: the frame is still free. */
	KT_EXPECT_TRUE(t, all_bytes_are(va, POISON_FREE, PAGE_SIZE));
}

/* A page for user space is zeroed even if its frame was dirty. */
static void user_pages_come_zeroed(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(t, page);
	memset(page_address(page), 0xff, PAGE_SIZE);
	__free_page(page);
	page = alloc_zeroed_user_page();
	KT_ASSERT_NOT_NULL(t, page);
	KT_EXPECT_TRUE(t, all_bytes_are(page_address(page), 0, PAGE_SIZE));
	__free_page(page);
}

/* Every free frame, chained through its own first word (no heap needed). */
struct grab {
	void *head;
	unsigned long count;
	unsigned long max_pfn; /* highest pfn handed out */
	bool bad; /* a reserved frame or one below 1 MiB came out */
};

static void grab_all_frames(struct grab *g)
{
	struct page *page;

	*g = (struct grab){ 0 };
	while ((page = alloc_page(GFP_KERNEL))) {
		void **va = page_address(page);
		unsigned long pfn = page_to_pfn(page);

		*va = g->head;
		g->head = va;
		g->count++;
		g->max_pfn = MAX(g->max_pfn, pfn);
		if (PageReserved(page) || pfn < FIRST_MIB_PFNS)
			g->bad = true;
	}
}

static void release_frames(struct grab *g)
{
	while (g->head) {
		void **va = g->head;

		g->head = *va;
		__free_page(virt_to_page(va));
	}
}

/*
 * When memory runs out alloc_pages returns NULL (no panic), kmalloc too;
 * freeing everything restores the free count and, since buddies merge
 * back, the number of free blocks of every order.
 */
static void exhaustion_returns_null_and_recovers(struct ktest *t)
{
	unsigned long blocks[MAX_ORDER + 1];
	unsigned long before = nr_free_frames();
	struct grab g;
	bool got_page, got_run, got_large;

	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		blocks[o] = nr_free_blocks(o);
	grab_all_frames(&g);
	got_page = alloc_page(GFP_KERNEL) != NULL;
	got_run = alloc_pages(GFP_KERNEL, 3) != NULL;
	got_large = kmalloc(2 * PAGE_SIZE, GFP_KERNEL) != NULL;
	KT_EXPECT_EQ(t, nr_free_frames(), 0UL);
	release_frames(&g);

	KT_EXPECT_FALSE(t, got_page);
	KT_EXPECT_FALSE(t, got_run);
	KT_EXPECT_FALSE(t, got_large);
	KT_EXPECT_EQ(t, g.count, before);
	KT_EXPECT_FALSE(t, g.bad);
	KT_EXPECT_EQ(t, nr_free_frames(), before);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		KT_EXPECT_EQ(t, nr_free_blocks(o), blocks[o]);
}

/* mem= caps usable RAM: no frame at or above the cap is ever handed out. */
static void mem_cap_bounds_every_frame(struct ktest *t)
{
	char val[32];
	u64 cap;
	struct grab g;

	if (!cmdline_get("mem", val, sizeof(val)))
		ktest_skip(t, "no mem= on the command line");
	KT_ASSERT_EQ(t, parse_size(val, &cap), 0);
	KT_EXPECT_LE(t, nr_total_frames() * PAGE_SIZE, cap);
	KT_EXPECT_FALSE(t, pfn_valid(cap >> PAGE_SHIFT));
	grab_all_frames(&g);
	release_frames(&g);
	KT_EXPECT_LT(t, g.max_pfn, cap >> PAGE_SHIFT);
	KT_EXPECT_GT(t, g.count, 0UL);
}

static const struct ktest_case pmm_cases[] = {
	KTEST_CASE(alloc_and_free_balance_counts),
	KTEST_CASE(last_put_page_frees_the_frame),
	KTEST_CASE(alloc_pages_returns_aligned_runs),
	KTEST_CASE(page_conversions_round_trip),
	KTEST_CASE(boot_memory_is_reserved),
	KTEST_CASE(freed_frame_is_poisoned),
	KTEST_CASE(user_pages_come_zeroed),
	KTEST_CASE(exhaustion_returns_null_and_recovers),
	KTEST_CASE(mem_cap_bounds_every_frame),
	{}
};

static const struct ktest_suite pmm_suite = {
	.name = "pmm",
	.cases = pmm_cases,
};
KTEST_SUITE(pmm_suite, 2);
