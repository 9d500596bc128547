/*
 * swapfile.c - swap areas: activation (swapon), the slot allocator over
 * swap_map[], slot counts, and page I/O to slots.
 *
 * Invariants (swap.h has the swap_map picture):
 *  - slot 0 (the header) and every listed bad page are SWAP_MAP_BAD and
 *    never handed out;
 *  - a slot's count is the number of swap PTEs holding its entry, and
 *    the slot is free exactly when its byte is 0;
 *  - nr_swap_pages == the free good slots of all areas.
 *
 * Locking: none yet. There is one CPU, the kernel is not preempted, and
 * nothing here runs in an interrupt; no decision spans the only sleep
 * (the I/O in swap_readpage/swap_writepage). A lock goes here the day one
 * of those stops being true.
 */
#include "mm/swap.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/mm.h"

_Static_assert(sizeof(union swap_header) == SWAP_HEADER_SIZE,
	       "the header is one page");
_Static_assert(offsetof(union swap_header, info.badpages) ==
		       SWAP_BADPAGES_OFFSET,
	       "badpages[] at byte 1536");
_Static_assert(PAGE_SIZE == SWAP_HEADER_SIZE, "a slot is one page");

/* Slots handed out in runs of this many (Linux's SWAPFILE_CLUSTER). */
#define SWAPFILE_CLUSTER 256
#define SWAP_FIRST_PRIO (-2) /* Linux: default priorities -2, -3, ... */
#define SWAP_REASON_LEN 160

struct swap_info_struct {
	bool active;
	int prio; /* higher is used first */
	struct block_device *bdev;
	unsigned char *swap_map; /* max bytes */
	unsigned long max; /* last_page + 1 */
	unsigned long pages; /* good slots */
	unsigned long inuse_pages; /* good slots not free */
	unsigned long cluster_next; /* next slot of the current run */
	unsigned long cluster_nr; /* slots left in the current run */
	struct swap_header_summary hdr;
};

static struct swap_info_struct swap_info[MAX_SWAPFILES];
static long nr_swap_pages; /* free good slots, all areas */
static long total_swap_pages; /* good slots, all areas */
static struct swap_stats swap_stats;
static char boot_outcome[16] = "none";
static char boot_reason[SWAP_REASON_LEN];

/* ---- the header ---- */

static const char *const header_error_names[NR_SWAP_HEADER_ERRORS] = {
	[SWAP_HEADER_OK] = "ok",
	[SWAP_HEADER_BAD_MAGIC] = "badmagic",
	[SWAP_HEADER_BAD_VERSION] = "version",
	[SWAP_HEADER_EMPTY] = "empty",
	[SWAP_HEADER_TOO_LARGE] = "toolarge",
	[SWAP_HEADER_TOO_MANY_BAD] = "badpages",
	[SWAP_HEADER_BAD_PAGE_RANGE] = "badrange",
};

static const char *const header_error_texts[NR_SWAP_HEADER_ERRORS] = {
	[SWAP_HEADER_OK] = "valid",
	[SWAP_HEADER_BAD_MAGIC] = "no swap-space signature SWAPSPACE2",
	[SWAP_HEADER_BAD_VERSION] = "unsupported swap header version",
	[SWAP_HEADER_EMPTY] = "empty swap area (no usable page)",
	[SWAP_HEADER_TOO_LARGE] = "swap area shorter than its header says",
	[SWAP_HEADER_TOO_MANY_BAD] = "more bad pages than the header holds",
	[SWAP_HEADER_BAD_PAGE_RANGE] = "a listed bad page is out of range",
};

const char *swap_header_error_name(enum swap_header_error e)
{
	return e < NR_SWAP_HEADER_ERRORS ? header_error_names[e] : "?";
}

const char *swap_header_error_text(enum swap_header_error e)
{
	return e < NR_SWAP_HEADER_ERRORS ? header_error_texts[e] : "?";
}

/* Distinct entries of the bad-page list (a page listed twice is one). */
static unsigned long count_distinct(const u32 *list, u32 n)
{
	unsigned long distinct = 0;

	for (u32 i = 0; i < n; i++) {
		u32 j = 0;

		while (j < i && list[j] != list[i])
			j++;
		distinct += j == i;
	}
	return distinct;
}

enum swap_header_error swap_header_check(const union swap_header *h,
					 u64 dev_pages,
					 struct swap_header_summary *sum)
{
	u32 last = h->info.last_page, nbad = h->info.nr_badpages;
	unsigned long bad;

	if (memcmp(h->magic.magic, SWAP_MAGIC, SWAP_MAGIC_LEN))
		return SWAP_HEADER_BAD_MAGIC;
	if (h->info.version != SWAP_HEADER_VERSION)
		return SWAP_HEADER_BAD_VERSION;
	if (last == 0)
		return SWAP_HEADER_EMPTY;
	if ((u64)last + 1 > dev_pages)
		return SWAP_HEADER_TOO_LARGE;
	if (nbad > MAX_SWAP_BADPAGES)
		return SWAP_HEADER_TOO_MANY_BAD;
	for (u32 i = 0; i < nbad; i++)
		if (h->info.badpages[i] == 0 || h->info.badpages[i] > last)
			return SWAP_HEADER_BAD_PAGE_RANGE;
	bad = count_distinct(h->info.badpages, nbad);
	if (bad >= last) /* slots 1..last all bad */
		return SWAP_HEADER_EMPTY;
	*sum = (struct swap_header_summary){
		.max = (unsigned long)last + 1,
		.nr_good = last - bad,
		.nr_badpages = nbad,
	};
	memcpy(sum->uuid, h->info.sws_uuid, SWAP_UUID_LEN);
	memcpy(sum->label, h->info.sws_volume, SWAP_LABEL_LEN);
	sum->label[SWAP_LABEL_LEN] = 0;
	return SWAP_HEADER_OK;
}

/* ---- looking entries up ---- */

static struct swap_info_struct *area(int type)
{
	if (type < 0 || type >= MAX_SWAPFILES || !swap_info[type].active)
		return NULL;
	return &swap_info[type];
}

/* The area of an entry whose slot is a real (not header) slot. */
static struct swap_info_struct *entry_area(swp_entry_t entry)
{
	struct swap_info_struct *si = area(swp_type(entry));

	if (!si || swp_offset(entry) == 0 || swp_offset(entry) >= si->max)
		return NULL;
	return si;
}

static unsigned char *map_byte(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_area(entry);

	return si ? &si->swap_map[swp_offset(entry)] : NULL;
}

/* ---- activation (swapon) ---- */

static void format_uuid(const u8 *u, char *buf, size_t size)
{
	snprintf(buf, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4],
		 u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
}

/* Read page 0 of dev and check it. 0, -EIO, -ENOMEM, or -EINVAL with
 * *why set. */
static int read_header(struct block_device *dev,
		       struct swap_header_summary *sum,
		       enum swap_header_error *why, union swap_header **out)
{
	struct page *page = alloc_page(GFP_KERNEL);
	union swap_header *h;
	int err;

	*why = SWAP_HEADER_OK;
	if (!page)
		return -ENOMEM;
	h = page_address(page);
	err = blkdev_read_page(dev, 0, h);
	if (!err) {
		*why = swap_header_check(h, blkdev_nr_pages(dev), sum);
		if (*why != SWAP_HEADER_OK)
			err = -EINVAL;
	}
	if (err) {
		__free_page(page);
		return err;
	}
	*out = h;
	return 0;
}

/* swap_map for a checked header: the header slot and the bad pages
 * marked SWAP_MAP_BAD, everything else free. */
static unsigned char *build_swap_map(const union swap_header *h,
				     unsigned long max)
{
	unsigned char *map = kzalloc(max, GFP_KERNEL);

	if (!map)
		return NULL;
	map[0] = SWAP_MAP_BAD;
	for (u32 i = 0; i < h->info.nr_badpages; i++)
		map[h->info.badpages[i]] = SWAP_MAP_BAD;
	return map;
}

static void report_area(const struct swap_info_struct *si)
{
	char uuid[40];

	format_uuid(si->hdr.uuid, uuid, sizeof(uuid));
	pr_info("swap: %s: %lu pages (%lu KiB), %u bad, label \"%s\", "
		"UUID %s, priority %d\n", si->bdev->name, si->pages,
		si->pages * (PAGE_SIZE / 1024), si->hdr.nr_badpages,
		si->hdr.label, uuid, si->prio);
}

static int find_free_type(struct block_device *dev)
{
	int type = -1;

	for (int i = MAX_SWAPFILES - 1; i >= 0; i--) {
		if (swap_info[i].active && swap_info[i].bdev == dev)
			return -EBUSY;
		if (!swap_info[i].active)
			type = i;
	}
	return type < 0 ? -EBUSY : type;
}

int swap_activate(struct block_device *dev, int prio,
		  enum swap_header_error *why)
{
	struct swap_info_struct *si;
	struct swap_header_summary sum;
	union swap_header *h;
	int type = find_free_type(dev), err;

	*why = SWAP_HEADER_OK;
	if (type < 0)
		return type;
	err = read_header(dev, &sum, why, &h);
	if (err)
		return err;
	si = &swap_info[type];
	*si = (struct swap_info_struct){ .prio = prio, .bdev = dev,
					 .max = sum.max, .pages = sum.nr_good,
					 .cluster_next = 1, .hdr = sum };
	si->swap_map = build_swap_map(h, sum.max);
	__free_page(virt_to_page(h));
	if (!si->swap_map)
		return -ENOMEM;
	si->active = true;
	nr_swap_pages += si->pages;
	total_swap_pages += si->pages;
	report_area(si);
	return type;
}

int swap_deactivate(int type)
{
	struct swap_info_struct *si = area(type);

	if (!si)
		return -EINVAL;
	if (si->inuse_pages)
		return -EBUSY;
	nr_swap_pages -= si->pages;
	total_swap_pages -= si->pages;
	kfree(si->swap_map);
	pr_info("swap: %s: deactivated\n", si->bdev->name);
	*si = (struct swap_info_struct){ 0 };
	return 0;
}

int swap_area_info(int type, struct swap_area_info *out)
{
	struct swap_info_struct *si = area(type);

	if (!si)
		return -ENOENT;
	*out = (struct swap_area_info){
		.dev = si->bdev->name, .prio = si->prio, .max = si->max,
		.pages = si->pages, .inuse = si->inuse_pages,
		.nr_badpages = si->hdr.nr_badpages,
	};
	memcpy(out->label, si->hdr.label, sizeof(out->label));
	memcpy(out->uuid, si->hdr.uuid, sizeof(out->uuid));
	return 0;
}

/* ---- the slot allocator ---- */

/* First slot of len free slots in a row, or 0. */
static unsigned long find_free_run(const struct swap_info_struct *si,
				   unsigned long len)
{
	unsigned long run = 0;

	for (unsigned long off = 1; off < si->max; off++) {
		run = si->swap_map[off] ? 0 : run + 1;
		if (run == len)
			return off - len + 1;
	}
	return 0;
}

/*
 * A free slot of si, or 0. Slots come from a run of SWAPFILE_CLUSTER
 * free ones, in order, so consecutive swap-outs land in consecutive
 * slots (sequential disk writes, and neighbours read back together).
 * When no whole run is free, the lowest free slot will do.
 */
static unsigned long scan_swap_map(struct swap_info_struct *si)
{
	unsigned long off;

	if (si->inuse_pages == si->pages)
		return 0;
	if (si->cluster_nr && si->cluster_next < si->max &&
	    !si->swap_map[si->cluster_next]) {
		off = si->cluster_next;
		si->cluster_nr--;
	} else if ((off = find_free_run(si, SWAPFILE_CLUSTER))) {
		si->cluster_nr = SWAPFILE_CLUSTER - 1;
	} else {
		off = find_free_run(si, 1);
		si->cluster_nr = 0;
	}
	si->cluster_next = off + 1;
	return off;
}

static swp_entry_t alloc_slot(int type)
{
	struct swap_info_struct *si = &swap_info[type];
	unsigned long off = scan_swap_map(si);

	if (!off)
		return (swp_entry_t){ 0 };
	si->swap_map[off] = SWAP_HAS_CACHE;
	si->inuse_pages++;
	nr_swap_pages--;
	return swp_entry(type, off);
}

swp_entry_t get_swap_page_of_type(int type)
{
	if (!area(type))
		return (swp_entry_t){ 0 };
	return alloc_slot(type);
}

swp_entry_t get_swap_page(void)
{
	bool tried[MAX_SWAPFILES] = { false };

	/* Highest priority first; equal priorities in type order. */
	for (int round = 0; round < MAX_SWAPFILES; round++) {
		int best = -1;
		swp_entry_t e;

		for (int t = 0; t < MAX_SWAPFILES; t++)
			if (area(t) && !tried[t] &&
			    (best < 0 || swap_info[t].prio > swap_info[best].prio))
				best = t;
		if (best < 0)
			break;
		tried[best] = true;
		e = alloc_slot(best);
		if (e.val)
			return e;
	}
	return (swp_entry_t){ 0 };
}

/* ---- slot counts ---- */

/* The byte went to 0: the slot is free again. */
static void slot_freed(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_area(entry);

	si->inuse_pages--;
	nr_swap_pages++;
}

/* A good slot that is in use (not free, not bad), or NULL. */
static unsigned char *used_slot(swp_entry_t entry, int *err)
{
	unsigned char *b = map_byte(entry);

	*err = 0;
	if (!b || *b == SWAP_MAP_BAD)
		*err = -EINVAL;
	else if (!*b)
		*err = -ENOENT;
	return *err ? NULL : b;
}

int swap_duplicate(swp_entry_t entry)
{
	int err;
	unsigned char *b = used_slot(entry, &err);

	if (!b)
		return err;
	if ((*b & SWAP_COUNT_MASK) == SWAP_MAP_MAX)
		return -ENOMEM; /* Linux chains continuation pages here */
	(*b)++;
	return 0;
}

void swap_free(swp_entry_t entry)
{
	int err;
	unsigned char *b = used_slot(entry, &err);

	if (!b || !(*b & SWAP_COUNT_MASK)) {
		pr_err("swap_free: %s swap entry %#lx\n",
		       err == -EINVAL ? "bad" : "unused", entry.val);
		return;
	}
	if (--(*b) == 0)
		slot_freed(entry);
}

int swapcache_prepare(swp_entry_t entry)
{
	int err;
	unsigned char *b = used_slot(entry, &err);

	if (!b)
		return err;
	if (*b & SWAP_HAS_CACHE)
		return -EEXIST;
	*b |= SWAP_HAS_CACHE;
	return 0;
}

void swapcache_clear(swp_entry_t entry)
{
	int err;
	unsigned char *b = used_slot(entry, &err);

	if (!b || !(*b & SWAP_HAS_CACHE)) {
		pr_err("swapcache_clear: swap entry %#lx not in the cache\n",
		       entry.val);
		return;
	}
	*b &= ~SWAP_HAS_CACHE;
	if (*b == 0)
		slot_freed(entry);
}

int swap_count(swp_entry_t entry)
{
	unsigned char *b = map_byte(entry);

	if (!b || *b == SWAP_MAP_BAD)
		return -EINVAL;
	return *b & SWAP_COUNT_MASK;
}

bool swap_has_cache(swp_entry_t entry)
{
	unsigned char *b = map_byte(entry);

	return b && *b != SWAP_MAP_BAD && (*b & SWAP_HAS_CACHE);
}

bool swap_slot_bad(swp_entry_t entry)
{
	struct swap_info_struct *si = area(swp_type(entry));

	return si && swp_offset(entry) < si->max &&
	       si->swap_map[swp_offset(entry)] == SWAP_MAP_BAD;
}

/* ---- page I/O ---- */

/* Slot entry is page swp_offset(entry) of its area: no translation. */
static struct block_device *io_target(swp_entry_t entry)
{
	int err;

	if (!used_slot(entry, &err))
		return NULL;
	return entry_area(entry)->bdev;
}

int swap_writepage(struct page *page, swp_entry_t entry)
{
	struct block_device *dev = io_target(entry);
	int err;

	if (!dev)
		return -EINVAL;
	err = blkdev_write_page(dev, swp_offset(entry), page_address(page));
	if (err)
		pr_err("swap: write to %s slot %lu failed (%d)\n", dev->name,
		       swp_offset(entry), err);
	else
		swap_stats.pswpout++;
	return err;
}

int swap_readpage(struct page *page, swp_entry_t entry)
{
	struct block_device *dev = io_target(entry);
	int err;

	if (!dev)
		return -EINVAL;
	err = blkdev_read_page(dev, swp_offset(entry), page_address(page));
	if (err)
		pr_err("swap: read from %s slot %lu failed (%d)\n", dev->name,
		       swp_offset(entry), err);
	else
		swap_stats.pswpin++;
	return err;
}

/* ---- boot ---- */

/* Remember how boot activation went; say it (unless active) in one line. */
static __printf(2, 3) void boot_says(const char *outcome, const char *fmt,
				     ...)
{
	va_list ap;

	strlcpy(boot_outcome, outcome, sizeof(boot_outcome));
	va_start(ap, fmt);
	vsnprintf(boot_reason, sizeof(boot_reason), fmt, ap);
	va_end(ap);
	pr_warn("swap: %s\n", boot_reason);
}

static bool try_activate(struct block_device *dev, int prio)
{
	enum swap_header_error why;
	int err = swap_activate(dev, prio, &why);
	const char *code = err == -EIO ? "ioerror" :
			   err == -ENOMEM ? "nomem" : "busy";

	if (err >= 0)
		return true;
	if (err == -EINVAL)
		boot_says(swap_header_error_name(why),
			  "%s: not activated: %s (%s)", dev->name,
			  swap_header_error_text(why),
			  swap_header_error_name(why));
	else
		boot_says(code, "%s: not activated: %s (%d)", dev->name,
			  code, err);
	return false;
}

/* Every partition a table marks as Linux swap, in device order. */
static void activate_all(void)
{
	int prio = SWAP_FIRST_PRIO, disks = 0, tried = 0;
	bool any = false;

	for (int i = 0; i < blkdev_count(); i++) {
		struct block_device *b = blkdev_get(i);

		disks += b->partno == 0;
		if (!b->part.swap)
			continue;
		tried++;
		any |= try_activate(b, prio--);
	}
	if (any)
		strlcpy(boot_outcome, "active", sizeof(boot_outcome));
	else if (!disks)
		boot_says("nodisk", "no disks, swap off");
	else if (!tried)
		boot_says("nopartition", "no swap partition on any disk, "
			  "swap off");
}

void swap_init(void)
{
	char name[BDEV_NAME_LEN];
	struct block_device *dev;

	if (cmdline_has("noswap")) {
		boot_says("noswap", "off (noswap on the command line)");
		return;
	}
	if (!cmdline_get("swap", name, sizeof(name))) {
		activate_all();
		return;
	}
	dev = blkdev_lookup(name);
	if (!dev)
		boot_says("nodevice", "swap=%s: no such block device, swap off",
			  name);
	else if (try_activate(dev, SWAP_FIRST_PRIO))
		strlcpy(boot_outcome, "active", sizeof(boot_outcome));
}

const char *swap_boot_outcome(void)
{
	return boot_outcome;
}

const char *swap_off_reason(void)
{
	return strcmp(boot_outcome, "active") ? boot_reason : "";
}

/* ---- counters ---- */

long get_nr_swap_pages(void)
{
	return nr_swap_pages;
}

long get_total_swap_pages(void)
{
	return total_swap_pages;
}

void swap_get_stats(struct swap_stats *out)
{
	*out = swap_stats;
}

/* Every self-test must give back the swap slots it takes. */
KTEST_RESOURCE(swap_slots_resource, "swap_slots", get_nr_swap_pages);
