/*
 * partition.c - MBR and GPT partition tables.
 *
 * MBR (sector 0):                    an EBR (first sector of each logical):
 *
 *   0    boot code                     entry 0: the logical partition,
 *   446  4 x 16-byte entries                    start relative to this EBR
 *   510  0x55 0xaa                     entry 1: the next EBR, start
 *                                               relative to the extended
 *                                               partition (type 0 = last)
 *
 * GPT: a protective MBR (one entry of type 0xee), the header at LBA 1
 * with its entry array (usually LBA 2..33), and a backup copy of both at
 * the end of the disk. The header and the array each carry a CRC-32.
 *
 * Validation follows Linux's block/partitions/{msdos,efi}.c where it
 * rejects, and is stricter where Linux merely warns: a partition past
 * the end of the disk, or overlapping another, makes the table untrusted.
 */
#include "drivers/partition.h"
#include "kernel/crc32.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define MBR_PART_TABLE_OFF 446
#define MBR_NR_ENTRIES 4
#define MBR_SIGNATURE_OFF 510
#define MBR_SIGNATURE 0xaa55 /* bytes 0x55 0xaa, little endian */
#define MBR_BOOT_INACTIVE 0x00
#define MBR_BOOT_ACTIVE 0x80
#define MBR_TYPE_EMPTY 0x00
#define MBR_TYPE_EXTENDED 0x05
#define MBR_TYPE_LINUX_SWAP 0x82
#define MBR_TYPE_LINUX 0x83
#define MBR_TYPE_LINUX_EXTENDED 0x85
#define MBR_TYPE_EXTENDED_LBA 0x0f
#define MBR_TYPE_GPT_PROTECTIVE 0xee
#define MBR_FIRST_LOGICAL 5
#define MBR_MAX_EBRS 32 /* longest EBR chain we follow */

#define GPT_HEADER_LBA 1
#define GPT_SIGNATURE "EFI PART"
#define GPT_HEADER_MIN_SIZE 92 /* sizeof(struct gpt_header) */
#define GPT_ENTRY_SIZE 128
#define GPT_MAX_ENTRIES 4096 /* far beyond the usual 128 */

struct mbr_entry {
	u8 boot_ind;
	u8 chs_start[3];
	u8 type;
	u8 chs_end[3];
	u32 start_lba;
	u32 nr_sects;
} __packed;

struct gpt_header {
	char signature[8];
	u32 revision;
	u32 header_size;
	u32 header_crc32; /* over header_size bytes, this field zeroed */
	u32 reserved;
	u64 my_lba;
	u64 alternate_lba;
	u64 first_usable_lba;
	u64 last_usable_lba;
	u8 disk_guid[16];
	u64 partition_entry_lba;
	u32 num_partition_entries;
	u32 sizeof_partition_entry;
	u32 partition_entry_array_crc32;
} __packed;

struct gpt_entry {
	u8 type_guid[16];
	u8 unique_guid[16];
	u64 starting_lba;
	u64 ending_lba; /* inclusive */
	u64 attributes;
	u16 name[36]; /* UTF-16LE */
} __packed;

/* GUIDs as stored on disk: the first three fields little endian. */
static const u8 gpt_linux_swap_guid[16] = { /* 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F */
	0x6d, 0xfd, 0x57, 0x06, 0xab, 0xa4, 0xc4, 0x43,
	0x84, 0xe5, 0x09, 0x33, 0xc8, 0x4b, 0x4f, 0x4f,
};
static const u8 gpt_linux_fs_guid[16] = { /* 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
	0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
};
static const u8 gpt_unused_guid[16];

static __printf(2, 3) int reject(struct part_table *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->error, sizeof(t->error), fmt, ap);
	va_end(ap);
	t->nr = 0;
	return -EINVAL;
}

/* Record a partition; reject the table if it does not fit the disk. */
static int add_part(const struct part_source *src, struct part_table *t,
		    int partno, u64 start, u64 n, const struct part_info *info)
{
	struct partition *p;

	if (start == 0 || start >= src->nr_sectors ||
	    n > src->nr_sectors - start)
		return reject(t, "partition %d (sectors %lu+%lu) beyond the "
			      "end of the disk (%lu sectors)", partno, start,
			      n, src->nr_sectors);
	if (t->nr == MAX_PARTITIONS || partno > MAX_PARTITIONS) {
		t->nr_ignored++;
		return 0;
	}
	p = &t->part[t->nr++];
	*p = (struct partition){ .partno = partno, .start = start,
				 .nr_sects = n, .info = *info };
	return 0;
}

/* No two partitions may share a sector. */
static int check_overlaps(struct part_table *t)
{
	for (int i = 0; i < t->nr; i++) {
		for (int j = i + 1; j < t->nr; j++) {
			const struct partition *a = &t->part[i], *b = &t->part[j];

			if (a->start < b->start + b->nr_sects &&
			    b->start < a->start + a->nr_sects)
				return reject(t, "partitions %d and %d overlap",
					      a->partno, b->partno);
		}
	}
	return 0;
}

/* ---- MBR ---- */

static bool mbr_is_extended(u8 type)
{
	return type == MBR_TYPE_EXTENDED || type == MBR_TYPE_EXTENDED_LBA ||
	       type == MBR_TYPE_LINUX_EXTENDED;
}

/* Read a sector holding an MBR-style table: check the signature and
 * copy the four entries out. */
static int read_mbr_sector(const struct part_source *src, u64 lba,
			   struct mbr_entry e[MBR_NR_ENTRIES], bool *has_sig)
{
	u8 sect[SECTOR_SIZE];
	u16 sig;
	int err = src->read(src->ctx, lba, sect);

	if (err)
		return err;
	memcpy(&sig, sect + MBR_SIGNATURE_OFF, sizeof(sig));
	*has_sig = sig == MBR_SIGNATURE;
	memcpy(e, sect + MBR_PART_TABLE_OFF, MBR_NR_ENTRIES * sizeof(*e));
	return 0;
}

static struct part_info mbr_info(u8 type)
{
	return (struct part_info){ .mbr_type = type,
				   .swap = type == MBR_TYPE_LINUX_SWAP };
}

static bool ebr_seen(const u64 *seen, int n, u64 ebr)
{
	for (int i = 0; i < n; i++)
		if (seen[i] == ebr)
			return true;
	return false;
}

/*
 * Walk the EBR chain of the extended partition at ext_start (ext_size
 * sectors). Logical partitions get numbers 5, 6, ... in chain order.
 */
static int parse_extended(const struct part_source *src, struct part_table *t,
			  u64 ext_start, u64 ext_size, int *next_partno)
{
	u64 ebr = ext_start, ext_end = ext_start + ext_size;
	u64 seen[MBR_MAX_EBRS];

	for (int hops = 0; hops < MBR_MAX_EBRS; hops++) {
		struct mbr_entry e[MBR_NR_ENTRIES];
		struct part_info info;
		bool sig;
		int err;

		if (ebr_seen(seen, hops, ebr))
			return reject(t, "EBR chain loops back to sector %lu",
				      ebr);
		seen[hops] = ebr;
		err = read_mbr_sector(src, ebr, e, &sig);
		if (err)
			return err;
		if (!sig)
			return reject(t, "EBR at sector %lu has no signature",
				      ebr);
		info = mbr_info(e[0].type);
		if (e[0].type != MBR_TYPE_EMPTY && e[0].nr_sects) {
			u64 start = ebr + e[0].start_lba;

			if (start + e[0].nr_sects > ext_end)
				return reject(t, "logical partition %d outside "
					      "its extended partition",
					      *next_partno);
			err = add_part(src, t, (*next_partno)++, start,
				       e[0].nr_sects, &info);
			if (err)
				return err;
		}
		if (!mbr_is_extended(e[1].type) || !e[1].nr_sects)
			return 0; /* end of the chain */
		ebr = ext_start + e[1].start_lba;
		if (ebr >= ext_end)
			return reject(t, "EBR link to sector %lu outside the "
				      "extended partition", ebr);
	}
	return reject(t, "more than %d EBRs", MBR_MAX_EBRS);
}

static int parse_gpt(const struct part_source *src, struct part_table *t);

static int parse_mbr(const struct part_source *src, struct part_table *t,
		     const struct mbr_entry e[MBR_NR_ENTRIES])
{
	int next_logical = MBR_FIRST_LOGICAL, err = 0;

	for (int i = 0; i < MBR_NR_ENTRIES; i++)
		if (e[i].boot_ind != MBR_BOOT_INACTIVE &&
		    e[i].boot_ind != MBR_BOOT_ACTIVE)
			return reject(t, "MBR entry %d has boot flag %#x "
				      "(not a partition table)", i + 1,
				      e[i].boot_ind);
	for (int i = 0; i < MBR_NR_ENTRIES; i++)
		if (e[i].type == MBR_TYPE_GPT_PROTECTIVE)
			return parse_gpt(src, t);
	t->scheme = "mbr";
	for (int i = 0; i < MBR_NR_ENTRIES && !err; i++) {
		struct part_info info = mbr_info(e[i].type);

		if (e[i].type == MBR_TYPE_EMPTY || !e[i].nr_sects)
			continue;
		if (mbr_is_extended(e[i].type))
			err = parse_extended(src, t, e[i].start_lba,
					     e[i].nr_sects, &next_logical);
		else
			err = add_part(src, t, i + 1, e[i].start_lba,
				       e[i].nr_sects, &info);
	}
	return err;
}

/* ---- GPT ---- */

static __printf(3, 4) int bad_header(char *why, size_t size,
				      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Is the header at lba (primary: 1, backup: the last sector) sound? On
 * failure, why says what is wrong. */
static int gpt_check_header(const struct part_source *src, u64 lba,
			    struct gpt_header *h, char *why, size_t size)
{
	u8 sect[SECTOR_SIZE];
	u32 crc;
	u64 entry_sectors;
	int err = src->read(src->ctx, lba, sect);

	if (err)
		return err;
	memcpy(h, sect, sizeof(*h));
	if (memcmp(h->signature, GPT_SIGNATURE, sizeof(h->signature)))
		return bad_header(why, size, "no EFI PART signature");
	if (h->header_size < GPT_HEADER_MIN_SIZE ||
	    h->header_size > SECTOR_SIZE)
		return bad_header(why, size, "header size %u", h->header_size);
	crc = h->header_crc32;
	memset(sect + offsetof(struct gpt_header, header_crc32), 0,
	       sizeof(crc));
	if (crc32(0, sect, h->header_size) != crc)
		return bad_header(why, size, "header CRC mismatch");
	if (h->my_lba != lba)
		return bad_header(why, size, "header says it is at %lu",
				  h->my_lba);
	if (h->first_usable_lba > h->last_usable_lba ||
	    h->last_usable_lba >= src->nr_sectors)
		return bad_header(why, size, "usable sectors %lu..%lu beyond "
				  "the disk", h->first_usable_lba,
				  h->last_usable_lba);
	if (h->sizeof_partition_entry != GPT_ENTRY_SIZE ||
	    h->num_partition_entries > GPT_MAX_ENTRIES)
		return bad_header(why, size, "%u entries of %u bytes",
				  h->num_partition_entries,
				  h->sizeof_partition_entry);
	entry_sectors = ((u64)h->num_partition_entries * GPT_ENTRY_SIZE +
			 SECTOR_SIZE - 1) / SECTOR_SIZE;
	if (h->partition_entry_lba >= src->nr_sectors ||
	    entry_sectors > src->nr_sectors - h->partition_entry_lba)
		return bad_header(why, size, "entry array beyond the disk");
	return 0;
}

/* Add a used entry (index i) to t, if it lies in the usable area. */
static int gpt_add_entry(const struct part_source *src, struct part_table *t,
			 const struct gpt_header *h, const struct gpt_entry *e,
			 u32 i)
{
	struct part_info info = { .gpt = true };

	if (!memcmp(e->type_guid, gpt_unused_guid, sizeof(e->type_guid)))
		return 0;
	if (e->starting_lba < h->first_usable_lba ||
	    e->ending_lba > h->last_usable_lba ||
	    e->starting_lba > e->ending_lba)
		return reject(t, "GPT entry %u (sectors %lu..%lu) outside the "
			      "usable area", i + 1, e->starting_lba,
			      e->ending_lba);
	memcpy(info.type_guid, e->type_guid, sizeof(info.type_guid));
	info.swap = !memcmp(e->type_guid, gpt_linux_swap_guid,
			    sizeof(e->type_guid));
	return add_part(src, t, i + 1, e->starting_lba,
			e->ending_lba - e->starting_lba + 1, &info);
}

/* Read the entry array sector by sector, adding used entries as we go
 * and checking the array CRC at the end; a mismatch undoes them all. */
static int gpt_read_entries(const struct part_source *src,
			    struct part_table *t, const struct gpt_header *h)
{
	u8 sect[SECTOR_SIZE];
	u32 crc = 0, per_sector = SECTOR_SIZE / GPT_ENTRY_SIZE;
	int err = 0;

	t->nr = 0;
	for (u32 i = 0; i < h->num_partition_entries && !err; i++) {
		u32 slot = i % per_sector;
		struct gpt_entry e;

		if (slot == 0)
			err = src->read(src->ctx,
					h->partition_entry_lba + i / per_sector,
					sect);
		if (err)
			return err;
		crc = crc32(crc, sect + slot * GPT_ENTRY_SIZE, GPT_ENTRY_SIZE);
		memcpy(&e, sect + slot * GPT_ENTRY_SIZE, sizeof(e));
		err = gpt_add_entry(src, t, h, &e, i);
	}
	if (!err && crc != h->partition_entry_array_crc32)
		return reject(t, "entry array CRC mismatch");
	return err;
}

/* One copy (primary or backup) of the GPT: header, then entries. */
static int gpt_try(const struct part_source *src, struct part_table *t,
		   u64 lba)
{
	struct gpt_header h;
	int err = gpt_check_header(src, lba, &h, t->error, sizeof(t->error));

	if (err)
		return err;
	return gpt_read_entries(src, t, &h);
}

static int parse_gpt(const struct part_source *src, struct part_table *t)
{
	char primary_why[PART_ERROR_LEN];
	int err;

	t->scheme = "gpt";
	err = gpt_try(src, t, GPT_HEADER_LBA);
	if (err != -EINVAL)
		return err;
	strlcpy(primary_why, t->error, sizeof(primary_why));
	err = gpt_try(src, t, src->nr_sectors - 1);
	if (err == -EINVAL)
		return reject(t, "primary GPT: %s; backup GPT: %.40s",
			      primary_why, t->error);
	t->gpt_backup = !err;
	if (!err) /* keep the primary's fault for the boot log */
		strlcpy(t->error, primary_why, sizeof(t->error));
	return err;
}

/* Put partitions in number order (GPT and EBR walks may not be). */
static void sort_parts(struct part_table *t)
{
	for (int i = 1; i < t->nr; i++) {
		struct partition p = t->part[i];
		int j = i;

		for (; j > 0 && t->part[j - 1].partno > p.partno; j--)
			t->part[j] = t->part[j - 1];
		t->part[j] = p;
	}
}

int parse_partitions(const struct part_source *src, struct part_table *tbl)
{
	struct mbr_entry e[MBR_NR_ENTRIES];
	bool sig;
	int err;

	memset(tbl, 0, sizeof(*tbl));
	if (src->nr_sectors < 2)
		return -ENOENT;
	err = read_mbr_sector(src, 0, e, &sig);
	if (err)
		return err;
	if (!sig)
		return -ENOENT;
	err = parse_mbr(src, tbl, e);
	if (!err)
		err = check_overlaps(tbl);
	if (err)
		tbl->nr = 0;
	sort_parts(tbl);
	return err;
}

/* ---- registering the partitions of the disks ---- */

static void guid_to_str(const u8 *g, char *buf, size_t size)
{
	snprintf(buf, size, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
		 "%02X%02X%02X%02X%02X%02X", g[3], g[2], g[1], g[0], g[5], g[4],
		 g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
		 g[15]);
}

const char *part_type_name(const struct part_info *info, char *buf,
			   size_t size)
{
	if (info->swap)
		return "Linux swap";
	if (info->gpt && !memcmp(info->type_guid, gpt_linux_fs_guid, 16))
		return "Linux filesystem";
	if (!info->gpt && info->mbr_type == MBR_TYPE_LINUX)
		return "Linux";
	if (info->gpt)
		guid_to_str(info->type_guid, buf, size);
	else
		snprintf(buf, size, "type %#04x", info->mbr_type);
	return buf;
}

static int bdev_read_sector(void *ctx, u64 lba, void *buf)
{
	return blkdev_read(ctx, lba, 1, buf);
}

static void register_parts(struct block_device *disk,
			   const struct part_table *t)
{
	char type[40];

	for (int i = 0; i < t->nr; i++) {
		const struct partition *p = &t->part[i];
		struct block_device *b = blkdev_add_partition(
			disk, p->partno, p->start, p->nr_sects, &p->info);

		if (!b)
			continue;
		pr_info("%s: sectors %lu..%lu (%lu MiB), %s\n", b->name,
			p->start, p->start + p->nr_sects - 1,
			p->nr_sects >> (20 - SECTOR_SHIFT),
			part_type_name(&p->info, type, sizeof(type)));
	}
}

static void scan_disk(struct block_device *disk)
{
	static struct part_table t; /* boot-time scratch, disks go in turn */
	struct part_source src = { bdev_read_sector, disk, disk->nr_sectors };
	int err = parse_partitions(&src, &t);

	if (err == -ENOENT) {
		pr_info("%s: no partition table\n", disk->name);
		return;
	}
	if (err) {
		pr_warn("%s: %s partition table ignored: %s\n", disk->name,
			t.scheme ? t.scheme : "bad",
			err == -EINVAL ? t.error : "read error");
		return;
	}
	if (t.gpt_backup)
		pr_warn("%s: primary GPT bad (%s), using the backup\n",
			disk->name, t.error);
	if (t.nr_ignored)
		pr_warn("%s: %d partitions beyond the first %d ignored\n",
			disk->name, t.nr_ignored, MAX_PARTITIONS);
	pr_info("%s: %s partition table, %d partitions\n", disk->name,
		t.scheme, t.nr);
	register_parts(disk, &t);
}

void partitions_scan(void)
{
	struct block_device *disks[MAX_BLOCK_DEVICES];
	int n = 0;

	/* Collect first: registering partitions grows the table. */
	for (int i = 0; i < blkdev_count(); i++) {
		struct block_device *b = blkdev_get(i);

		if (b->partno == 0)
			disks[n++] = b;
	}
	for (int i = 0; i < n; i++) {
		blkdev_del_partitions(disks[i]);
		scan_disk(disks[i]);
	}
}
