/*
 * swaparea.c - self-tests of the swap area: header validation, the slot
 * allocator and slot counts, page I/O to slots, and what boot activation
 * did with this boot's disks.
 *
 * Header checks run on real mkswap output (the swap partition of the
 * built-in mbr-primary image, see memdisk.h), changed by the test. The
 * allocator and I/O tests activate small areas on a RAM block device made
 * here, so they run with or without a disk and never touch the boot area.
 * The last tests use the area boot activated; boots in tests/boots.py say
 * what to expect with swaptest.expect= (default "active"), swaptest.dev=
 * and swaptest.badpages=.
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "mm/mm.h"
#include "mm/swap.h"
#include "tests/kernel/memdisk.h"

#define MKSWAP_IMAGE "mbr-primary"
#define MKSWAP_PART_START 2048 /* tests/images/mkpart.sh */
#define MKSWAP_PART_SECTORS 14336
#define MKSWAP_PART_PAGES (MKSWAP_PART_SECTORS / SECTORS_PER_PAGE)
#define RAM_STORED_ORDER 2 /* RAM device keeps its first 4 pages */
#define RAM_STORED_PAGES (1u << RAM_STORED_ORDER)
#define TEST_PRIO 100 /* above any boot area (those are negative) */
#define NO_TYPE 3 /* a type no test area gets (boot areas come first) */

/* ---- a RAM block device ---- */

/*
 * Capacity nr_pages, but only the first RAM_STORED_PAGES pages have
 * memory: reading beyond gives zeros, writing beyond fails. Enough for a
 * header and a few slots of I/O, while large areas cost nothing.
 */
struct ram_swap {
	struct block_device bdev;
	struct page *pages;
	u8 *mem;
	bool fail_io;
};

static int ram_submit(struct block_device *disk, struct blk_request *rq)
{
	struct ram_swap *r = disk->private_data;
	u64 stored = RAM_STORED_PAGES * SECTORS_PER_PAGE;
	u64 end = rq->sector + rq->nr_sectors;
	size_t bytes = (size_t)rq->nr_sectors * SECTOR_SIZE;
	u8 *p = r->mem + rq->sector * SECTOR_SIZE;

	if (r->fail_io || (end > stored && rq->op == REQ_OP_WRITE))
		return -EIO;
	if (end > stored)
		memset(rq->buf, 0, bytes);
	else if (rq->op == REQ_OP_READ)
		memcpy(rq->buf, p, bytes);
	else
		memcpy(p, rq->buf, bytes);
	return 0;
}

static const struct block_device_operations ram_ops = {
	.submit = ram_submit,
};

static struct ram_swap ram;
static int ram_type = -1;

static void ram_init(struct ktest *t, u64 nr_pages)
{
	ram.pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, RAM_STORED_ORDER);
	if (!ram.pages)
		ktest_skip(t, "no memory for the RAM swap device");
	ram.mem = page_address(ram.pages);
	ram.fail_io = false;
	ram.bdev = (struct block_device){
		.name = "ramswap", .sector_size = SECTOR_SIZE,
		.nr_sectors = nr_pages * SECTORS_PER_PAGE, .disk = &ram.bdev,
		.ops = &ram_ops, .private_data = &ram,
	};
}

/* The real mkswap header of the built-in image, into buf (a page). */
static void load_mkswap_header(struct ktest *t, void *buf)
{
	struct memdisk_view *v = kmalloc(sizeof(*v), GFP_KERNEL);
	const struct memdisk *d = memdisk_find(MKSWAP_IMAGE);

	KT_ASSERT_NOT_NULL(t, v);
	if (!d) {
		kfree(v);
		KT_ASSERT_NOT_NULL(t, d);
	}
	memdisk_view_init(v, d);
	for (int i = 0; i < SECTORS_PER_PAGE; i++)
		memdisk_read(v, MKSWAP_PART_START + i, (u8 *)buf + i * SECTOR_SIZE);
	kfree(v);
}

static union swap_header *ram_header(void)
{
	return (union swap_header *)ram.mem;
}

/* Put a valid header for nr_pages (bad pages listed in bad[]) on the RAM
 * device and activate it. */
static void ram_swapon(struct ktest *t, u64 nr_pages, const u32 *bad,
		       u32 nbad)
{
	enum swap_header_error why;
	union swap_header *h;

	ram_init(t, nr_pages);
	h = ram_header();
	load_mkswap_header(t, h);
	h->info.last_page = nr_pages - 1;
	h->info.nr_badpages = nbad;
	for (u32 i = 0; i < nbad; i++)
		h->info.badpages[i] = bad[i];
	ram_type = swap_activate(&ram.bdev, TEST_PRIO, &why);
	KT_ASSERT_GE(t, ram_type, 0);
}

/* Give back every slot of the RAM area still in use; how many were. */
static unsigned long ram_release_all(void)
{
	struct swap_area_info info;
	unsigned long used;

	if (swap_area_info(ram_type, &info))
		return 0;
	used = info.inuse;
	for (unsigned long off = 1; off < info.max; off++) {
		swp_entry_t e = swp_entry(ram_type, off);

		while (swap_count(e) > 0)
			swap_free(e);
		if (swap_has_cache(e))
			swapcache_clear(e);
	}
	return used;
}

/* Suite exit: swapoff and free the RAM device, whatever the test did. A
 * test that left slots in use fails here, and the next test still starts
 * clean. */
static void swaparea_exit(struct ktest *t)
{
	unsigned long left = ram_release_all();

	if (left)
		KT_FAIL(t, "the test left %lu slots of its area in use", left);
	if (ram_type >= 0)
		KT_EXPECT_EQ(t, swap_deactivate(ram_type), 0);
	ram_type = -1;
	if (ram.pages)
		__free_pages(ram.pages, RAM_STORED_ORDER);
	ram.pages = NULL;
}

/* ---- header validation (pure) ---- */

static union swap_header *hdr_page(struct ktest *t, struct page **pg)
{
	*pg = alloc_page(GFP_KERNEL);
	KT_ASSERT_NOT_NULL(t, *pg);
	load_mkswap_header(t, page_address(*pg));
	return page_address(*pg);
}

static enum swap_header_error check(const union swap_header *h, u64 pages)
{
	struct swap_header_summary sum;

	return swap_header_check(h, pages, &sum);
}

/* Requirement: swp_entry() packs type and offset so that swp_type() and
 * swp_offset() give them back; entry 0 is never a real slot. */
static void swp_entry_packs_type_and_offset(struct ktest *t)
{
	swp_entry_t e = swp_entry(3, 123456789);

	KT_EXPECT_EQ(t, swp_type(e), 3u);
	KT_EXPECT_EQ(t, swp_offset(e), 123456789ul);
	KT_EXPECT_EQ(t, swp_type(swp_entry(MAX_SWAPFILES - 1, SWP_OFFSET_MASK)),
		     (unsigned)MAX_SWAPFILES - 1);
	KT_EXPECT_EQ(t, swp_offset(swp_entry(1, SWP_OFFSET_MASK)),
		     SWP_OFFSET_MASK);
	KT_EXPECT_EQ(t, swp_entry(0, 0).val, 0ul);
}

/* Requirement: a header written by util-linux mkswap is accepted, with
 * its size, label and UUID. */
static void mkswap_header_accepted(struct ktest *t)
{
	static const u8 uuid[SWAP_UUID_LEN] = { 0x5a, 0x5a, 0x5a, 0x5a, 0, 0,
						0x40, 0, 0x80, 0, 0, 0, 0,
						0, 0, 1 };
	struct swap_header_summary sum;
	struct page *pg;
	union swap_header *h = hdr_page(t, &pg);

	KT_EXPECT_EQ(t, swap_header_check(h, MKSWAP_PART_PAGES, &sum),
		     SWAP_HEADER_OK);
	KT_EXPECT_EQ(t, sum.max, (unsigned long)MKSWAP_PART_PAGES);
	KT_EXPECT_EQ(t, sum.nr_good, (unsigned long)MKSWAP_PART_PAGES - 1);
	KT_EXPECT_EQ(t, sum.nr_badpages, 0u);
	KT_EXPECT_STREQ(t, sum.label, "fl-mbr-primary");
	KT_EXPECT_EQ(t, memcmp(sum.uuid, uuid, sizeof(uuid)), 0);
	__free_page(pg);
}

/* Requirement: swapon's checks, each refused with its own reason:
 * wrong magic, version 2, last_page 0. */
static void bad_magic_version_and_empty_rejected(struct ktest *t)
{
	struct page *pg;
	union swap_header *h = hdr_page(t, &pg);

	h->magic.magic[0] = 'X';
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_BAD_MAGIC);
	h->magic.magic[0] = 'S';
	h->info.version = 2;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_BAD_VERSION);
	h->info.version = SWAP_HEADER_VERSION;
	h->info.last_page = 0;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_EMPTY);
	KT_EXPECT_STREQ(t, swap_header_error_name(SWAP_HEADER_EMPTY), "empty");
	__free_page(pg);
}

/* Requirement: last_page must lie inside the partition: exactly fitting
 * is fine, one page beyond is refused. */
static void last_page_beyond_partition_rejected(struct ktest *t)
{
	struct page *pg;
	union swap_header *h = hdr_page(t, &pg);
	u32 last = h->info.last_page;

	KT_EXPECT_EQ(t, check(h, last + 1), SWAP_HEADER_OK);
	KT_EXPECT_EQ(t, check(h, last), SWAP_HEADER_TOO_LARGE);
	h->info.last_page = 0xffffffff;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_TOO_LARGE);
	__free_page(pg);
}

/* Requirement: nr_badpages is limited to what fits in the page (637);
 * one more is refused. */
static void too_many_badpages_rejected(struct ktest *t)
{
	struct page *pg;
	union swap_header *h = hdr_page(t, &pg);

	h->info.nr_badpages = MAX_SWAP_BADPAGES;
	for (u32 i = 0; i < MAX_SWAP_BADPAGES; i++)
		h->info.badpages[i] = 1 + i;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_OK);
	h->info.nr_badpages = MAX_SWAP_BADPAGES + 1;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_TOO_MANY_BAD);
	__free_page(pg);
}

/* Requirement: each listed bad page must be a slot (1..last_page): 0 and
 * last_page + 1 are refused; a list covering every slot is empty. */
static void badpage_out_of_range_rejected(struct ktest *t)
{
	struct page *pg;
	union swap_header *h = hdr_page(t, &pg);
	u32 last = h->info.last_page;

	h->info.nr_badpages = 1;
	h->info.badpages[0] = last;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_OK);
	h->info.badpages[0] = last + 1;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES),
		     SWAP_HEADER_BAD_PAGE_RANGE);
	h->info.badpages[0] = 0;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES),
		     SWAP_HEADER_BAD_PAGE_RANGE);
	h->info.last_page = 2;
	h->info.nr_badpages = 2;
	h->info.badpages[0] = 1;
	h->info.badpages[1] = 2;
	KT_EXPECT_EQ(t, check(h, MKSWAP_PART_PAGES), SWAP_HEADER_EMPTY);
	__free_page(pg);
}

/* Requirement: activating a device with a bad header fails with that
 * reason and adds no swap. */
static void corrupt_header_device_not_activated(struct ktest *t)
{
	enum swap_header_error why;
	long total = get_total_swap_pages();

	ram_init(t, 64);
	load_mkswap_header(t, ram_header());
	ram_header()->info.version = 2;
	KT_EXPECT_EQ(t, swap_activate(&ram.bdev, TEST_PRIO, &why), -EINVAL);
	KT_EXPECT_EQ(t, why, SWAP_HEADER_BAD_VERSION);
	ram.fail_io = true;
	KT_EXPECT_EQ(t, swap_activate(&ram.bdev, TEST_PRIO, &why), -EIO);
	KT_EXPECT_EQ(t, get_total_swap_pages(), total);
}

/* ---- the slot allocator ---- */

/* Take every free slot of the RAM area into slots[]; returns how many. */
static unsigned long take_all(swp_entry_t *slots, unsigned long room)
{
	unsigned long n = 0;
	swp_entry_t e;

	while (n < room && (e = get_swap_page_of_type(ram_type)).val)
		slots[n++] = e;
	return n;
}

static void give_back(swp_entry_t *slots, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		swapcache_clear(slots[i]);
}

/* Requirement: slot 0 (the header) and a valid list of bad pages are
 * never handed out; every other slot is, once; then "no slot" comes back
 * cleanly and freeing restores the free count. */
static void bad_slots_never_allocated_and_exhaustion(struct ktest *t)
{
	static const u32 bad[] = { 3, 7 };
	const unsigned long pages = 16;
	swp_entry_t slots[16];
	long free_before;
	unsigned long n;

	ram_swapon(t, pages, bad, ARRAY_SIZE(bad));
	free_before = get_nr_swap_pages();
	n = take_all(slots, ARRAY_SIZE(slots));
	KT_EXPECT_EQ(t, n, pages - 1 - ARRAY_SIZE(bad));
	for (unsigned long i = 0; i < n; i++) {
		unsigned long off = swp_offset(slots[i]);

		KT_EXPECT_TRUE(t, off != 0 && off != 3 && off != 7);
		KT_EXPECT_EQ(t, swp_type(slots[i]), (unsigned)ram_type);
	}
	KT_EXPECT_TRUE(t, swap_slot_bad(swp_entry(ram_type, 0)));
	KT_EXPECT_TRUE(t, swap_slot_bad(swp_entry(ram_type, 7)));
	KT_EXPECT_EQ(t, get_swap_page_of_type(ram_type).val, 0ul);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free_before - (long)n);
	give_back(slots, n);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free_before);
}

/* Requirement: counts balance: an allocated slot is "in swap cache"
 * with count 0; swap_duplicate raises the count, swap_free lowers it,
 * and the slot is free only when both the count and the cache bit are
 * gone. */
static void duplicate_free_and_cache_bit_balance(struct ktest *t)
{
	long free_before;
	swp_entry_t e;

	ram_swapon(t, 16, NULL, 0);
	free_before = get_nr_swap_pages();
	e = get_swap_page_of_type(ram_type);
	KT_ASSERT_NE(t, e.val, 0ul);
	KT_EXPECT_EQ(t, swap_count(e), 0);
	KT_EXPECT_TRUE(t, swap_has_cache(e));
	KT_EXPECT_EQ(t, swap_duplicate(e), 0);
	KT_EXPECT_EQ(t, swap_duplicate(e), 0);
	KT_EXPECT_EQ(t, swap_count(e), 2);
	KT_EXPECT_EQ(t, swapcache_prepare(e), -EEXIST);
	swapcache_clear(e);
	KT_EXPECT_FALSE(t, swap_has_cache(e));
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free_before - 1);
	KT_EXPECT_EQ(t, swapcache_prepare(e), 0);
	swapcache_clear(e);
	swap_free(e);
	KT_EXPECT_EQ(t, swap_count(e), 1);
	swap_free(e);
	KT_EXPECT_EQ(t, swap_count(e), 0);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free_before);
	/* Freed: neither a new reference nor a second free is taken. */
	KT_EXPECT_EQ(t, swap_duplicate(e), -ENOENT);
	KT_EXPECT_EQ(t, swapcache_prepare(e), -ENOENT);
	swap_free(e);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free_before);
}

/* Requirement: swap_duplicate at the maximum count returns an error and
 * leaves the count as it was (no wrap into the cache bit). */
static void duplicate_overflow_refused(struct ktest *t)
{
	swp_entry_t e;
	int ok = 0;

	ram_swapon(t, 16, NULL, 0);
	e = get_swap_page_of_type(ram_type);
	KT_ASSERT_NE(t, e.val, 0ul);
	while (ok <= SWAP_MAP_MAX && !swap_duplicate(e))
		ok++;
	KT_EXPECT_EQ(t, ok, SWAP_MAP_MAX);
	KT_EXPECT_EQ(t, swap_duplicate(e), -ENOMEM);
	KT_EXPECT_EQ(t, swap_count(e), SWAP_MAP_MAX);
	KT_EXPECT_TRUE(t, swap_has_cache(e));
	for (int i = 0; i < ok; i++)
		swap_free(e);
	swapcache_clear(e);
	KT_EXPECT_EQ(t, swap_count(e), 0);
}

/* Requirement: entries that name no slot (unused area, header slot, past
 * the end, a bad page) are refused, not followed. */
static void invalid_entries_refused(struct ktest *t)
{
	static const u32 bad[] = { 5 };

	ram_swapon(t, 16, bad, 1);
	KT_EXPECT_EQ(t, swap_count(swp_entry(NO_TYPE, 1)), -EINVAL);
	KT_EXPECT_EQ(t, swap_count(swp_entry(ram_type, 0)), -EINVAL);
	KT_EXPECT_EQ(t, swap_count(swp_entry(ram_type, 16)), -EINVAL);
	KT_EXPECT_EQ(t, swap_duplicate(swp_entry(ram_type, 5)), -EINVAL);
	KT_EXPECT_EQ(t, swap_duplicate(swp_entry(ram_type, 16)), -EINVAL);
	KT_EXPECT_EQ(t, swapcache_prepare(swp_entry(ram_type, 0)), -EINVAL);
	KT_EXPECT_EQ(t, get_swap_page_of_type(NO_TYPE).val, 0ul);
}

/* Requirement: consecutive allocations take consecutive slots (a
 * cluster), and a slot freed in between does not break the run. */
static void consecutive_allocations_are_contiguous(struct ktest *t)
{
	swp_entry_t slots[10], next;

	ram_swapon(t, 1024, NULL, 0);
	for (int i = 0; i < 10; i++) {
		slots[i] = get_swap_page_of_type(ram_type);
		KT_ASSERT_NE(t, slots[i].val, 0ul);
		if (i)
			KT_EXPECT_EQ(t, swp_offset(slots[i]),
				     swp_offset(slots[i - 1]) + 1);
	}
	swapcache_clear(slots[4]);
	next = get_swap_page_of_type(ram_type);
	KT_EXPECT_EQ(t, swp_offset(next), swp_offset(slots[9]) + 1);
	swapcache_clear(next);
	for (int i = 0; i < 10; i++)
		if (i != 4)
			swapcache_clear(slots[i]);
}

/* Requirement: get_swap_page() takes from the highest-priority area. */
static void get_swap_page_prefers_higher_priority(struct ktest *t)
{
	swp_entry_t e;

	ram_swapon(t, 16, NULL, 0);
	e = get_swap_page();
	KT_ASSERT_NE(t, e.val, 0ul);
	KT_EXPECT_EQ(t, swp_type(e), (unsigned)ram_type);
	swapcache_clear(e);
}

/* Requirement: swapoff is refused while a slot is in use. */
static void deactivate_refused_while_slots_in_use(struct ktest *t)
{
	swp_entry_t e;

	ram_swapon(t, 16, NULL, 0);
	e = get_swap_page_of_type(ram_type);
	KT_EXPECT_EQ(t, swap_deactivate(ram_type), -EBUSY);
	swapcache_clear(e);
	KT_EXPECT_EQ(t, swap_deactivate(ram_type), 0);
	ram_type = -1;
	KT_EXPECT_EQ(t, swap_deactivate(NO_TYPE), -EINVAL);
}

/* ---- page I/O ---- */

static void fill_page(struct ktest *t, struct page *pg)
{
	u64 *w = page_address(pg);

	for (size_t i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		w[i] = ktest_rand(t);
}

/* Write a random page to e and read it back into another page. */
static void slot_roundtrip(struct ktest *t, swp_entry_t e)
{
	struct page *a = alloc_page(GFP_KERNEL), *b = alloc_page(GFP_KERNEL);
	struct swap_stats before, after;

	if (!a || !b) {
		if (a)
			__free_page(a);
		if (b)
			__free_page(b);
		KT_ASSERT_TRUE(t, false);
	}
	fill_page(t, a);
	memset(page_address(b), 0, PAGE_SIZE);
	swap_get_stats(&before);
	KT_EXPECT_EQ(t, swap_writepage(a, e), 0);
	KT_EXPECT_EQ(t, swap_readpage(b, e), 0);
	swap_get_stats(&after);
	KT_EXPECT_EQ(t, memcmp(page_address(a), page_address(b), PAGE_SIZE), 0);
	KT_EXPECT_EQ(t, after.pswpout, before.pswpout + 1);
	KT_EXPECT_EQ(t, after.pswpin, before.pswpin + 1);
	__free_page(a);
	__free_page(b);
}

/* Requirement: swap_writepage / swap_readpage move a page to a slot and
 * back, and count pswpout / pswpin. */
static void page_roundtrip_through_slot(struct ktest *t)
{
	swp_entry_t e;

	ram_swapon(t, 16, NULL, 0);
	e = get_swap_page_of_type(ram_type);
	KT_ASSERT_EQ(t, swp_offset(e), 1ul);
	slot_roundtrip(t, e);
	/* Slot 1 is page 1 of the device: the header stayed intact. */
	KT_EXPECT_EQ(t, memcmp(ram_header()->magic.magic, SWAP_MAGIC,
			       SWAP_MAGIC_LEN), 0);
	swapcache_clear(e);
}

/* Requirement: I/O errors reach the caller; I/O on a free slot is
 * refused. */
static void io_errors_returned(struct ktest *t)
{
	struct page *pg;
	swp_entry_t e;

	ram_swapon(t, 16, NULL, 0);
	pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KT_ASSERT_NOT_NULL(t, pg);
	e = get_swap_page_of_type(ram_type);
	ram.fail_io = true;
	KT_EXPECT_EQ(t, swap_writepage(pg, e), -EIO);
	KT_EXPECT_EQ(t, swap_readpage(pg, e), -EIO);
	ram.fail_io = false;
	swapcache_clear(e);
	KT_EXPECT_EQ(t, swap_writepage(pg, e), -EINVAL);
	KT_EXPECT_EQ(t, swap_readpage(pg, e), -EINVAL);
	__free_page(pg);
}

/* ---- the area boot activated ---- */

/* The first active area on a real disk (not a test area), or SKIP with
 * the reason boot gave. */
static int need_boot_area(struct ktest *t, struct swap_area_info *info)
{
	for (int type = 0; type < MAX_SWAPFILES; type++)
		if (type != ram_type && !swap_area_info(type, info))
			return type;
	ktest_skip(t, "no swap: %s", swap_off_reason());
}

/* Requirement: boot activation ends as this boot's disks say
 * (swaptest.expect=, default "active"): a refused header leaves swap off
 * with its reason and the kernel running. */
static void boot_activation_outcome_as_expected(struct ktest *t)
{
	char want[32] = "active";

	cmdline_get("swaptest.expect", want, sizeof(want));
	KT_EXPECT_STREQ(t, swap_boot_outcome(), want);
	if (strcmp(want, "active")) {
		KT_EXPECT_EQ(t, get_total_swap_pages(), 0l);
		KT_EXPECT_NE(t, swap_off_reason()[0], 0);
	}
}

/* Requirement: the boot area is the swap partition (swaptest.dev=, by
 * default hda1) sized as mkswap made it: every page but the header. */
static void boot_area_is_the_swap_partition(struct ktest *t)
{
	struct swap_area_info info;
	char want[BDEV_NAME_LEN] = "hda1";
	struct block_device *dev;

	need_boot_area(t, &info);
	cmdline_get("swaptest.dev", want, sizeof(want));
	KT_EXPECT_STREQ(t, info.dev, want);
	dev = blkdev_lookup(info.dev);
	KT_ASSERT_NOT_NULL(t, dev);
	KT_EXPECT_EQ(t, info.max, blkdev_nr_pages(dev));
	KT_EXPECT_EQ(t, info.pages, info.max - 1 - info.nr_badpages);
	KT_EXPECT_EQ(t, info.inuse, 0ul);
}

/* Requirement: pages round-trip through the first and the last slot of
 * the disk's swap area (ATA underneath), and the whole area can be
 * allocated and given back. */
static void boot_area_page_roundtrip(struct ktest *t)
{
	struct swap_area_info info;
	int type = need_boot_area(t, &info);
	swp_entry_t first = get_swap_page_of_type(type), last = first, e;
	unsigned long n = 1, top = info.max - 1;

	KT_ASSERT_NE(t, first.val, 0ul);
	slot_roundtrip(t, first);
	while ((e = get_swap_page_of_type(type)).val) {
		last = e;
		n++;
	}
	while (swap_slot_bad(swp_entry(type, top)))
		top--;
	KT_EXPECT_EQ(t, n, info.pages);
	KT_EXPECT_EQ(t, swp_offset(last), top);
	slot_roundtrip(t, last);
	for (unsigned long off = 1; off < info.max; off++)
		if (!swap_slot_bad(swp_entry(type, off)))
			swapcache_clear(swp_entry(type, off));
}

/* Requirement: a header with a valid bad-page list (swaptest.badpages=)
 * activates, and those slots are marked bad and never handed out. */
static void boot_area_bad_pages_never_allocated(struct ktest *t)
{
	char list[64];
	struct swap_area_info info;
	int type = need_boot_area(t, &info), n = 0;
	swp_entry_t got[64];

	if (!cmdline_get("swaptest.badpages", list, sizeof(list)))
		ktest_skip(t, "this boot lists no bad pages (swaptest.badpages=)");
	for (char *p = list; *p;) {
		char *comma = strchr(p, ',');
		u64 off;

		if (comma)
			*comma = 0;
		KT_ASSERT_EQ(t, parse_u64(p, &off), 0);
		KT_EXPECT_TRUE(t, swap_slot_bad(swp_entry(type, off)));
		n++;
		p = comma ? comma + 1 : p + strlen(p);
	}
	KT_EXPECT_EQ(t, info.nr_badpages, (u32)n);
	/* The first slots come out in order, stepping over the bad ones. */
	for (size_t i = 0; i < ARRAY_SIZE(got); i++) {
		got[i] = get_swap_page_of_type(type);
		KT_EXPECT_FALSE(t, swap_slot_bad(got[i]));
	}
	for (size_t i = 0; i < ARRAY_SIZE(got); i++)
		swapcache_clear(got[i]);
}

static const struct ktest_case swaparea_cases[] = {
	KTEST_CASE(swp_entry_packs_type_and_offset),
	KTEST_CASE(mkswap_header_accepted),
	KTEST_CASE(bad_magic_version_and_empty_rejected),
	KTEST_CASE(last_page_beyond_partition_rejected),
	KTEST_CASE(too_many_badpages_rejected),
	KTEST_CASE(badpage_out_of_range_rejected),
	KTEST_CASE(corrupt_header_device_not_activated),
	KTEST_CASE(bad_slots_never_allocated_and_exhaustion),
	KTEST_CASE(duplicate_free_and_cache_bit_balance),
	KTEST_CASE(duplicate_overflow_refused),
	KTEST_CASE(invalid_entries_refused),
	KTEST_CASE(consecutive_allocations_are_contiguous),
	KTEST_CASE(get_swap_page_prefers_higher_priority),
	KTEST_CASE(deactivate_refused_while_slots_in_use),
	KTEST_CASE(page_roundtrip_through_slot),
	KTEST_CASE(io_errors_returned),
	KTEST_CASE(boot_activation_outcome_as_expected),
	KTEST_CASE(boot_area_is_the_swap_partition),
	KTEST_CASE(boot_area_page_roundtrip),
	KTEST_CASE(boot_area_bad_pages_never_allocated),
	{}
};

static const struct ktest_suite swaparea_suite = {
	.name = "swaparea",
	.cases = swaparea_cases,
	.exit = swaparea_exit,
};
KTEST_SUITE(swaparea_suite, 5);
