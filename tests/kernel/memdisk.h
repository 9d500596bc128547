/*
 * memdisk.h - disk images made by real tools (sfdisk, mkswap), compiled
 * into the kernel so tests can parse them without attaching a disk.
 *
 * tests/images/mkpart.sh builds them, scripts/img2c.py turns each into a
 * struct memdisk (only non-zero sectors are stored). A memdisk_view reads
 * one, optionally with a smaller size (a truncated disk) and a few
 * sectors replaced (corruption made by the test itself).
 */
#ifndef TESTS_KERNEL_MEMDISK_H
#define TESTS_KERNEL_MEMDISK_H

#include "drivers/blkdev.h"

struct memdisk_sector {
	u64 lba;
	const u8 *data; /* SECTOR_SIZE bytes */
};

struct memdisk {
	const char *name; /* the tests/images/mkpart.sh kind */
	u64 nr_sectors;
	int nr; /* stored (non-zero) sectors */
	const struct memdisk_sector *sectors;
};

/* The built-in image of that name, or NULL. (Generated code.) */
const struct memdisk *memdisk_find(const char *name);

#define MEMDISK_MAX_PATCHES 4

/* A memdisk as a test sees it. */
struct memdisk_view {
	const struct memdisk *disk;
	u64 nr_sectors; /* may be less than the image: truncation */
	int nr_patches;
	struct {
		u64 lba;
		u8 data[SECTOR_SIZE];
	} patch[MEMDISK_MAX_PATCHES];
	int fail_lba_reads; /* >= 0: reading this lba fails with -EIO */
};

void memdisk_view_init(struct memdisk_view *v, const struct memdisk *d);
/* Copy sector lba into a patch and return it for the test to change. */
u8 *memdisk_patch(struct memdisk_view *v, u64 lba);
/* part_source-style read (ctx is the view). */
int memdisk_read(void *ctx, u64 lba, void *buf);

#endif
