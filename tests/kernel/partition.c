/*
 * partition.c - self-tests of MBR/GPT parsing and partition block devices.
 *
 * Most run the parser on the built-in images that sfdisk made
 * (tests/images/mkpart.sh, see memdisk.h), corrupted by the test where
 * needed; the last ones check the partitions of the disks this boot has
 * (partest.names= lists them for boots with unusual disks).
 */
#include "drivers/partition.h"
#include "kernel/cmdline.h"
#include "kernel/crc32.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "tests/kernel/memdisk.h"

/* On-disk layout the tests poke at (see drivers/partition.c). */
#define MBR_ENTRY(i) (446 + 16 * (i))
#define MBR_E_BOOT 0
#define MBR_E_TYPE 4
#define MBR_E_START 8
#define MBR_E_SIZE 12
#define MBR_TYPE_EXTENDED 0x05
#define GPT_H_CRC 16
#define GPT_H_SIZE 12
#define GPT_H_DISK_GUID 56
#define GPT_H_ENTRIES_CRC 88
#define GPT_E_NAME 56
#define GPT_E_END 40
#define GPT_ENTRY_SIZE 128
#define GPT_ENTRY_SECTORS 32 /* sfdisk: 128 entries */

struct expect {
	int partno;
	u64 start, nr_sects;
	bool swap;
};

static struct memdisk_view view; /* too big for the stack */
static struct part_table tbl;

static struct part_source source(void)
{
	return (struct part_source){ memdisk_read, &view, view.nr_sectors };
}

static void load(struct ktest *t, const char *name)
{
	const struct memdisk *d = memdisk_find(name);

	KT_ASSERT_NOT_NULL(t, d);
	memdisk_view_init(&view, d);
}

static int parse(void)
{
	struct part_source src = source();

	return parse_partitions(&src, &tbl);
}

static void expect_parts(struct ktest *t, const struct expect *e, int n)
{
	KT_ASSERT_EQ(t, tbl.nr, n);
	for (int i = 0; i < n; i++) {
		KT_EXPECT_EQ(t, tbl.part[i].partno, e[i].partno);
		KT_EXPECT_EQ(t, tbl.part[i].start, e[i].start);
		KT_EXPECT_EQ(t, tbl.part[i].nr_sects, e[i].nr_sects);
		KT_EXPECT_EQ(t, tbl.part[i].info.swap, e[i].swap);
	}
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static bool has_text(const char *s, const char *word)
{
	for (size_t n = strlen(word); *s; s++)
		if (!strncmp(s, word, n))
			return true;
	return false;
}

/* Requirement: CRC-32 as GPT uses it (the standard check value). */
static void crc32_matches_check_value(struct ktest *t)
{
	KT_EXPECT_EQ(t, crc32(0, "123456789", 9), 0xcbf43926u);
	/* Running over pieces equals running over the whole. */
	KT_EXPECT_EQ(t, crc32(crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

/* Requirement: an MBR primary partition of type 0x82 (sfdisk) is found
 * with its number, place, size and swap type. */
static void mbr_primary_swap_partition(struct ktest *t)
{
	static const struct expect e[] = { { 1, 2048, 14336, true } };

	load(t, "mbr-primary");
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_STREQ(t, tbl.scheme, "mbr");
	KT_EXPECT_EQ(t, tbl.part[0].info.mbr_type, 0x82);
	expect_parts(t, e, ARRAY_SIZE(e));
}

/* Requirement: logical partitions inside an extended one are found by
 * walking the EBR chain and numbered from 5, like Linux. */
static void mbr_logical_partitions_numbered_from_5(struct ktest *t)
{
	static const struct expect e[] = {
		{ 1, 2048, 2048, false },
		{ 5, 6144, 2048, false },
		{ 6, 10240, 6144, true },
	};

	load(t, "mbr-logical");
	KT_ASSERT_EQ(t, parse(), 0);
	expect_parts(t, e, ARRAY_SIZE(e));
}

/* Requirement: with several partitions the swap one is found even when
 * it is not the first. */
static void mbr_several_partitions_swap_not_first(struct ktest *t)
{
	static const struct expect e[] = {
		{ 1, 2048, 2048, false },
		{ 2, 4096, 2048, false },
		{ 3, 6144, 10240, true },
	};

	load(t, "mbr-multi");
	KT_ASSERT_EQ(t, parse(), 0);
	expect_parts(t, e, ARRAY_SIZE(e));
}

/* Requirement: a GPT (behind its protective MBR) is parsed and the Linux
 * swap type GUID 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F recognised. */
static void gpt_partitions_and_swap_guid(struct ktest *t)
{
	static const struct expect e[] = {
		{ 1, 2048, 2048, false },
		{ 2, 4096, 10240, true },
	};
	char buf[40];

	load(t, "gpt");
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_STREQ(t, tbl.scheme, "gpt");
	KT_EXPECT_FALSE(t, tbl.gpt_backup);
	expect_parts(t, e, ARRAY_SIZE(e));
	KT_EXPECT_TRUE(t, tbl.part[1].info.gpt);
	KT_EXPECT_STREQ(t, part_type_name(&tbl.part[0].info, buf, sizeof(buf)),
			"Linux filesystem");
}

/* Requirement: a disk without the 0x55aa signature has no table. */
static void blank_disk_has_no_table(struct ktest *t)
{
	load(t, "mbr-primary");
	memset(memdisk_patch(&view, 0), 0, SECTOR_SIZE);
	KT_EXPECT_EQ(t, parse(), -ENOENT);
	KT_EXPECT_EQ(t, tbl.nr, 0);
}

/* Requirement: garbage with a valid signature is rejected with a reason
 * (boot flags other than 0x00/0x80 mean "not a partition table"). */
static void garbage_mbr_rejected(struct ktest *t)
{
	u8 *s0;

	load(t, "mbr-primary");
	s0 = memdisk_patch(&view, 0);
	for (int i = 0; i < 510; i++)
		s0[i] = ktest_rand(t);
	s0[MBR_ENTRY(1) + MBR_E_BOOT] = 0x37;
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_EQ(t, tbl.nr, 0);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "boot flag"));
}

/* Requirement: a truncated disk (partition past its end) is rejected:
 * the table is not trusted. */
static void truncated_mbr_disk_rejected(struct ktest *t)
{
	load(t, "mbr-primary");
	view.nr_sectors /= 2;
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_EQ(t, tbl.nr, 0);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "beyond the end"));
}

/* Requirement: overlapping partitions make the table untrusted. */
static void overlapping_partitions_rejected(struct ktest *t)
{
	load(t, "mbr-multi");
	put32(memdisk_patch(&view, 0) + MBR_ENTRY(1) + MBR_E_START, 3000);
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "overlap"));
}

/* Requirement: an EBR chain that loops is detected, not followed
 * forever. */
static void ebr_loop_rejected(struct ktest *t)
{
	const u8 *s0;
	u8 *ebr1, *ebr2;
	u32 ext_start, link;

	load(t, "mbr-logical");
	s0 = memdisk_patch(&view, 0);
	KT_ASSERT_EQ(t, s0[MBR_ENTRY(1) + MBR_E_TYPE], MBR_TYPE_EXTENDED);
	ext_start = get32(s0 + MBR_ENTRY(1) + MBR_E_START);
	ebr1 = memdisk_patch(&view, ext_start);
	link = get32(ebr1 + MBR_ENTRY(1) + MBR_E_START);
	KT_ASSERT_NE(t, link, 0u);
	/* The second EBR links back to the first. */
	ebr2 = memdisk_patch(&view, ext_start + link);
	ebr2[MBR_ENTRY(1) + MBR_E_TYPE] = MBR_TYPE_EXTENDED;
	put32(ebr2 + MBR_ENTRY(1) + MBR_E_START, 0);
	put32(ebr2 + MBR_ENTRY(1) + MBR_E_SIZE, 1);
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "loops"));
}

/* Requirement: a bad primary GPT header (CRC) falls back to the backup
 * at the end of the disk, with the same partitions. */
static void gpt_bad_header_crc_uses_backup(struct ktest *t)
{
	load(t, "gpt");
	memdisk_patch(&view, 1)[GPT_H_DISK_GUID] ^= 0xff;
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_TRUE(t, tbl.gpt_backup);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "header CRC"));
	KT_EXPECT_EQ(t, tbl.nr, 2);
	KT_EXPECT_TRUE(t, tbl.part[1].info.swap);
}

/* Requirement: a corrupt primary entry array (CRC) falls back to the
 * backup copy. */
static void gpt_bad_entries_crc_uses_backup(struct ktest *t)
{
	load(t, "gpt");
	memdisk_patch(&view, 2)[GPT_E_NAME] ^= 0xff;
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_TRUE(t, tbl.gpt_backup);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "entry array CRC"));
	KT_EXPECT_EQ(t, tbl.nr, 2);
}

/* Requirement: with both GPT copies bad the table is rejected. */
static void gpt_both_copies_bad_rejected(struct ktest *t)
{
	load(t, "gpt");
	memdisk_patch(&view, 1)[GPT_H_DISK_GUID] ^= 0xff;
	memdisk_patch(&view, view.nr_sectors - 1)[GPT_H_DISK_GUID] ^= 0xff;
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_EQ(t, tbl.nr, 0);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "backup GPT"));
}

/* Requirement: a truncated GPT disk (no backup, usable area past the
 * end) is rejected. */
static void truncated_gpt_disk_rejected(struct ktest *t)
{
	load(t, "gpt");
	view.nr_sectors /= 2;
	KT_EXPECT_EQ(t, parse(), -EINVAL);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "beyond the disk"));
}

/* Requirement: CRCs are not the only check: an entry outside the usable
 * area, with valid CRCs, still makes that GPT copy untrusted. */
static void gpt_entry_outside_usable_area_rejected(struct ktest *t)
{
	static u8 entries[GPT_ENTRY_SECTORS][SECTOR_SIZE]; /* 16 KiB */
	u8 *hdr, *e0;
	u32 crc = 0;

	load(t, "gpt");
	e0 = memdisk_patch(&view, 2);
	put32(e0 + GPT_E_END, view.nr_sectors + 100); /* entry 1 */
	for (int i = 0; i < GPT_ENTRY_SECTORS; i++)
		memdisk_read(&view, 2 + i, entries[i]);
	crc = crc32(0, entries, sizeof(entries));
	hdr = memdisk_patch(&view, 1);
	put32(hdr + GPT_H_ENTRIES_CRC, crc);
	put32(hdr + GPT_H_CRC, 0);
	put32(hdr + GPT_H_CRC, crc32(0, hdr, get32(hdr + GPT_H_SIZE)));
	KT_ASSERT_EQ(t, parse(), 0);
	KT_EXPECT_TRUE(t, tbl.gpt_backup);
	KT_EXPECT_TRUE(t, has_text(tbl.error, "usable area"));
}

/* Requirement: a read error is returned (-EIO), not taken for "no
 * table" or a corrupt one. */
static void read_error_is_returned(struct ktest *t)
{
	load(t, "mbr-logical");
	view.fail_lba_reads = 4096; /* the first EBR */
	KT_EXPECT_EQ(t, parse(), -EIO);
	load(t, "gpt");
	view.fail_lba_reads = 0;
	KT_EXPECT_EQ(t, parse(), -EIO);
}

/* ---- the disks of this boot ---- */

/* Requirement: the partitions of the attached disks are block devices
 * named like Linux (default boot: hda1, Linux swap). */
static void boot_disk_partitions_registered(struct ktest *t)
{
	char want[128] = "";
	char names[128] = "";
	size_t len = 0;

	for (int i = 0; i < blkdev_count(); i++) {
		struct block_device *b = blkdev_get(i);

		if (b->partno)
			len += snprintf(names + len, sizeof(names) - len,
					"%s%s", len ? "," : "", b->name);
	}
	if (!cmdline_get("partest.names", want, sizeof(want))) {
		struct block_device *hda1 = blkdev_lookup("hda1");

		if (!blkdev_lookup("hda"))
			ktest_skip(t, "no hda and no partest.names=");
		strlcpy(want, "hda1", sizeof(want));
		KT_ASSERT_NOT_NULL(t, hda1);
		KT_EXPECT_TRUE(t, hda1->part.swap);
	}
	KT_EXPECT_STREQ(t, names, want);
}

/* Requirement: a partition's sector 0 is its disk's sector start_sect,
 * and a partition refuses requests past its own end. */
static void partition_io_is_offset_and_bounded(struct ktest *t)
{
	static u8 a[SECTOR_SIZE], b[SECTOR_SIZE];
	struct block_device *p = NULL;

	for (int i = 0; i < blkdev_count() && !p; i++)
		if (blkdev_get(i)->partno)
			p = blkdev_get(i);
	if (!p)
		ktest_skip(t, "no partitions on the attached disks");
	KT_ASSERT_EQ(t, blkdev_read(p, 0, 1, a), 0);
	KT_ASSERT_EQ(t, blkdev_read(p->disk, p->start_sect, 1, b), 0);
	KT_EXPECT_EQ(t, memcmp(a, b, SECTOR_SIZE), 0);
	KT_ASSERT_EQ(t, blkdev_read(p, p->nr_sectors - 1, 1, a), 0);
	KT_ASSERT_EQ(t, blkdev_read(p->disk, p->start_sect + p->nr_sectors - 1,
				    1, b), 0);
	KT_EXPECT_EQ(t, memcmp(a, b, SECTOR_SIZE), 0);
	KT_EXPECT_EQ(t, blkdev_read(p, p->nr_sectors, 1, a), -EINVAL);
}

static const struct ktest_case partition_cases[] = {
	KTEST_CASE(crc32_matches_check_value),
	KTEST_CASE(mbr_primary_swap_partition),
	KTEST_CASE(mbr_logical_partitions_numbered_from_5),
	KTEST_CASE(mbr_several_partitions_swap_not_first),
	KTEST_CASE(gpt_partitions_and_swap_guid),
	KTEST_CASE(blank_disk_has_no_table),
	KTEST_CASE(garbage_mbr_rejected),
	KTEST_CASE(truncated_mbr_disk_rejected),
	KTEST_CASE(overlapping_partitions_rejected),
	KTEST_CASE(ebr_loop_rejected),
	KTEST_CASE(gpt_bad_header_crc_uses_backup),
	KTEST_CASE(gpt_bad_entries_crc_uses_backup),
	KTEST_CASE(gpt_both_copies_bad_rejected),
	KTEST_CASE(truncated_gpt_disk_rejected),
	KTEST_CASE(gpt_entry_outside_usable_area_rejected),
	KTEST_CASE(read_error_is_returned),
	KTEST_CASE(boot_disk_partitions_registered),
	KTEST_CASE(partition_io_is_offset_and_bounded),
	{}
};

static const struct ktest_suite partition_suite = {
	.name = "partition",
	.cases = partition_cases,
};
KTEST_SUITE(partition_suite, 4);
