/*
 * partition.h - partition tables: MBR (primary, extended/logical) and GPT.
 *
 * parse_partitions() is a pure parser: it reads sectors through a
 * callback, so the self-tests run it on in-memory images made by sfdisk
 * as well as on real disks. partitions_scan() runs it on every disk and
 * registers each partition as a block device named like Linux:
 *
 *	MBR  hda1..hda4 primary (by slot), hda5, hda6, ... logical
 *	GPT  hdaN for entry N-1 of the entry array
 *
 * A table that is not consistent with itself or with the disk (bad
 * signature or boot flag, CRC mismatch, a partition past the end of the
 * disk, overlaps, an EBR chain that loops) is reported and ignored as a
 * whole: nothing on that disk is trusted.
 */
#ifndef DRIVERS_PARTITION_H
#define DRIVERS_PARTITION_H

#include "drivers/blkdev.h"

#define MAX_PARTITIONS 16 /* per disk; partition numbers 1..16 */
#define PART_ERROR_LEN 96

/* Where the parser reads from. */
struct part_source {
	/* Read 512-byte sector lba into buf. 0 or -errno. */
	int (*read)(void *ctx, u64 lba, void *buf);
	void *ctx;
	u64 nr_sectors; /* size of the disk */
};

struct partition {
	int partno;
	u64 start; /* first sector on the disk */
	u64 nr_sects;
	struct part_info info;
};

struct part_table {
	const char *scheme; /* "mbr" or "gpt"; NULL if there is no table */
	bool gpt_backup; /* the primary GPT was bad, the backup was used */
	/* Why the table was rejected; with gpt_backup, why the primary was. */
	char error[PART_ERROR_LEN];
	int nr;
	int nr_ignored; /* partitions beyond MAX_PARTITIONS, left out */
	struct partition part[MAX_PARTITIONS]; /* in partition-number order */
};

/*
 * Parse the table on src into *tbl. Returns
 *   0        a table (possibly with no partitions)
 *   -ENOENT  no table at all (no 0x55aa signature)
 *   -EINVAL  a corrupt table: tbl->error says why, tbl->nr is 0
 *   -EIO     a sector could not be read
 */
int parse_partitions(const struct part_source *src, struct part_table *tbl);

/* Scan every registered disk and register its partitions. */
void partitions_scan(void);

/* "Linux swap", "Linux filesystem", "extended", or the raw type. */
const char *part_type_name(const struct part_info *info, char *buf,
			   size_t size);

#endif
