/*
 * swap.h - swap areas, swap entries and the slot allocator
 * (mm/swapfile.c).
 *
 * A swap area is a partition formatted by mkswap: page 0 is the header
 * (union swap_header), pages 1..last_page are slots, each holding one
 * swapped-out page. A swap entry names a slot: type = which area (0 for
 * the first one activated), offset = which page of it.
 *
 * Each area has swap_map[], one byte per slot:
 *
 *	  7   6   5           0
 *	+---+---+-------------+
 *	| 0 | C |    count    |  count: how many swap PTEs hold this entry
 *	+---+---+-------------+  C = SWAP_HAS_CACHE: a page in the swap
 *	                         cache holds the slot's data
 *	0x00  free               0x3f  SWAP_MAP_BAD: never used (slot 0 =
 *	count 1..SWAP_MAP_MAX          the header, and the listed bad pages)
 *
 * The invariant the later layers keep: count == the number of swap PTEs
 * holding the entry. A slot is free exactly when its byte is 0.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "drivers/blkdev.h"
#include "kernel/types.h"

struct page;

/* ---- swap entries ---- */

/* A slot's name. An opaque struct, like pte_t: never a bare integer.
 * val == 0 (area 0, slot 0 = a header) is never a valid entry, so it
 * means "no entry". */
typedef struct {
	unsigned long val;
} swp_entry_t;

/* Linux's packing: type in the top bits, offset below. (The PTE form,
 * swp_entry_to_pte, is another encoding, in a later layer.) */
#define MAX_SWAPFILES_SHIFT 5
#define BITS_PER_XA_VALUE 63
#define SWP_TYPE_SHIFT (BITS_PER_XA_VALUE - MAX_SWAPFILES_SHIFT)
#define SWP_OFFSET_MASK ((1UL << SWP_TYPE_SHIFT) - 1)
#define MAX_SWAPFILES 4 /* areas faultline can have active at once */

static inline swp_entry_t swp_entry(unsigned long type, unsigned long offset)
{
	return (swp_entry_t){ (type << SWP_TYPE_SHIFT) |
			      (offset & SWP_OFFSET_MASK) };
}

static inline unsigned int swp_type(swp_entry_t entry)
{
	return entry.val >> SWP_TYPE_SHIFT;
}

static inline unsigned long swp_offset(swp_entry_t entry)
{
	return entry.val & SWP_OFFSET_MASK;
}

/* ---- swap_map ---- */

#define SWAP_HAS_CACHE 0x40 /* a swap-cache page holds the slot */
#define SWAP_MAP_BAD 0x3f /* header or bad page: never allocated */
#define SWAP_MAP_MAX 0x3e /* highest count; one more is refused */
#define SWAP_COUNT_MASK 0x3f

/* ---- the on-disk header (Linux's union swap_header, mkswap's output) */

#define SWAP_HEADER_SIZE 4096 /* one x86 page: what mkswap writes */
#define SWAP_HEADER_VERSION 1
#define SWAP_MAGIC "SWAPSPACE2"
#define SWAP_MAGIC_LEN 10
#define SWAP_UUID_LEN 16
#define SWAP_LABEL_LEN 16
#define SWAP_BADPAGES_OFFSET 1536
/* As many u32 as fit between badpages[] and the magic: 637. */
#define MAX_SWAP_BADPAGES \
	((SWAP_HEADER_SIZE - SWAP_MAGIC_LEN - SWAP_BADPAGES_OFFSET) / 4)

union swap_header {
	struct {
		char reserved[SWAP_HEADER_SIZE - SWAP_MAGIC_LEN];
		char magic[SWAP_MAGIC_LEN]; /* "SWAPSPACE2" */
	} magic;
	struct {
		char bootbits[1024]; /* room for a disk label / boot block */
		u32 version; /* 1 */
		u32 last_page; /* last usable slot; slots 1..last_page */
		u32 nr_badpages;
		u8 sws_uuid[SWAP_UUID_LEN];
		char sws_volume[SWAP_LABEL_LEN]; /* label, maybe unterminated */
		u32 padding[117];
		u32 badpages[1]; /* nr_badpages slot numbers */
	} info;
};

/* Why a header is refused; the names are what swaptest.expect= says. */
enum swap_header_error {
	SWAP_HEADER_OK, /* "ok" */
	SWAP_HEADER_BAD_MAGIC, /* "badmagic": no SWAPSPACE2 at the end */
	SWAP_HEADER_BAD_VERSION, /* "version": version is not 1 */
	SWAP_HEADER_EMPTY, /* "empty": last_page 0, or every page bad */
	SWAP_HEADER_TOO_LARGE, /* "toolarge": last_page past the partition */
	SWAP_HEADER_TOO_MANY_BAD, /* "badpages": > MAX_SWAP_BADPAGES */
	SWAP_HEADER_BAD_PAGE_RANGE, /* "badrange": a bad page 0 or > last */
	NR_SWAP_HEADER_ERRORS,
};

/* What a valid header says. */
struct swap_header_summary {
	unsigned long max; /* last_page + 1: slots 0..last_page */
	unsigned long nr_good; /* slots that can be handed out */
	u32 nr_badpages; /* as listed (duplicates counted once in nr_good) */
	u8 uuid[SWAP_UUID_LEN];
	char label[SWAP_LABEL_LEN + 1];
};

/*
 * Check a header page exactly as Linux's swapon does, for an area of
 * dev_pages pages. A pure function: no I/O, no printing. Fills *sum when
 * the header is valid.
 */
enum swap_header_error swap_header_check(const union swap_header *h,
					 u64 dev_pages,
					 struct swap_header_summary *sum);
const char *swap_header_error_name(enum swap_header_error e);
const char *swap_header_error_text(enum swap_header_error e);

/* ---- areas ---- */

/*
 * swapon: read and check dev's header, set up its swap_map, make its slots
 * available (higher prio first). Prints one line either way. Returns the
 * area's type, or -EINVAL (header refused: *why says which check),
 * -EIO, -ENOMEM, -EBUSY (already active, or no free area).
 */
int swap_activate(struct block_device *dev, int prio,
		  enum swap_header_error *why);
/* swapoff, while no slot is in use (the pages cannot be brought back
 * yet). 0, -EBUSY (slots in use) or -EINVAL. */
int swap_deactivate(int type);

struct swap_area_info {
	const char *dev;
	int prio;
	unsigned long max; /* slots, header included */
	unsigned long pages; /* good slots */
	unsigned long inuse; /* slots handed out */
	u32 nr_badpages;
	char label[SWAP_LABEL_LEN + 1];
	u8 uuid[SWAP_UUID_LEN];
};
/* 0 and *out for an active area, -ENOENT otherwise. */
int swap_area_info(int type, struct swap_area_info *out);

/* Boot: activate the swap partitions (or swap=NAME; noswap: none). */
void swap_init(void);
/* How boot activation ended: "active", "noswap", "nodisk",
 * "nopartition", "nodevice", "ioerror", "nomem", or the header error
 * name of the area that failed. */
const char *swap_boot_outcome(void);
/* The one line said at boot when swap stayed off ("" when active). */
const char *swap_off_reason(void);

/* ---- slots ---- */

/* A free slot, from the highest-priority area with one; its map byte
 * becomes SWAP_HAS_CACHE (the caller puts the page in the swap cache).
 * Consecutive calls give consecutive slots (clusters). {0}: none free. */
swp_entry_t get_swap_page(void);
swp_entry_t get_swap_page_of_type(int type);
/* One more swap PTE holds entry. 0, -ENOMEM at SWAP_MAP_MAX (nothing
 * changes), -ENOENT for a free slot, -EINVAL for a bad entry. */
int swap_duplicate(swp_entry_t entry);
/* One swap PTE less; the slot is free when the count and C are both 0. */
void swap_free(swp_entry_t entry);
/* Set C: a swap-cache page will hold the slot. 0, -EEXIST (already
 * set), -ENOENT (free slot), -EINVAL (bad entry). */
int swapcache_prepare(swp_entry_t entry);
/* Clear C (the page left the swap cache); frees the slot at count 0. */
void swapcache_clear(swp_entry_t entry);
/* The slot's count (0..SWAP_MAP_MAX), or -EINVAL for a bad entry. */
int swap_count(swp_entry_t entry);
bool swap_has_cache(swp_entry_t entry);
bool swap_slot_bad(swp_entry_t entry);

/* Move one page between a frame and a slot (sleeps for the I/O). The
 * slot must be allocated. 0, -EINVAL, or the device's -EIO. */
int swap_writepage(struct page *page, swp_entry_t entry);
int swap_readpage(struct page *page, swp_entry_t entry);

/* Free and total good slots of all areas (sysinfo, /proc/meminfo). */
long get_nr_swap_pages(void);
long get_total_swap_pages(void);

/* Pages read from and written to swap (Linux's pswpin / pswpout). */
struct swap_stats {
	u64 pswpin, pswpout;
};
void swap_get_stats(struct swap_stats *out);

#endif
