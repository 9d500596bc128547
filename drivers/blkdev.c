/*
 * blkdev.c - the table of block devices and the request entry point.
 *
 * Invariant: a partition lies wholly inside its disk
 * (start_sect + nr_sectors <= disk->nr_sectors); the partition scanner
 * refuses any entry that does not, so blkdev_submit() only has to check a
 * request against the device it was made on.
 */
#include "drivers/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* Registered at boot (drivers, then the partition scan); a slot whose
 * name is empty is free. */
static struct block_device bdevs[MAX_BLOCK_DEVICES];

static struct block_device *bdev_alloc(void)
{
	for (int i = 0; i < MAX_BLOCK_DEVICES; i++)
		if (!bdevs[i].name[0])
			return &bdevs[i];
	pr_warn("blkdev: more than %d block devices, ignoring the rest\n",
		MAX_BLOCK_DEVICES);
	return NULL;
}

struct block_device *blkdev_add_disk(const char *name, u64 nr_sectors,
				     const struct block_device_operations *ops,
				     void *private_data)
{
	struct block_device *b = bdev_alloc();

	if (!b)
		return NULL;
	*b = (struct block_device){
		.sector_size = SECTOR_SIZE,
		.nr_sectors = nr_sectors,
		.disk = b,
		.ops = ops,
		.private_data = private_data,
	};
	strlcpy(b->name, name, sizeof(b->name));
	return b;
}

struct block_device *blkdev_add_partition(struct block_device *disk,
					  int partno, u64 start_sect,
					  u64 nr_sectors,
					  const struct part_info *info)
{
	size_t len = strlen(disk->name);
	/* Like Linux: "hda" + 1 = "hda1", but "loop0" + 1 = "loop0p1". */
	const char *sep = (len && disk->name[len - 1] >= '0' &&
			   disk->name[len - 1] <= '9') ? "p" : "";
	struct block_device *b;

	if (start_sect > disk->nr_sectors ||
	    nr_sectors > disk->nr_sectors - start_sect)
		return NULL;
	b = bdev_alloc();
	if (!b)
		return NULL;
	*b = (struct block_device){
		.sector_size = disk->sector_size,
		.nr_sectors = nr_sectors,
		.start_sect = start_sect,
		.partno = partno,
		.disk = disk,
	};
	if (info)
		b->part = *info;
	snprintf(b->name, sizeof(b->name), "%s%s%d", disk->name, sep, partno);
	return b;
}

void blkdev_del_partitions(struct block_device *disk)
{
	for (int i = 0; i < MAX_BLOCK_DEVICES; i++)
		if (bdevs[i].name[0] && bdevs[i].disk == disk &&
		    bdevs[i].partno)
			memset(&bdevs[i], 0, sizeof(bdevs[i]));
}

int blkdev_count(void)
{
	int n = 0;

	for (int i = 0; i < MAX_BLOCK_DEVICES; i++)
		n += bdevs[i].name[0] != 0;
	return n;
}

struct block_device *blkdev_get(int index)
{
	for (int i = 0; i < MAX_BLOCK_DEVICES; i++) {
		if (!bdevs[i].name[0])
			continue;
		if (index-- == 0)
			return &bdevs[i];
	}
	return NULL;
}

struct block_device *blkdev_lookup(const char *name)
{
	for (int i = 0; i < MAX_BLOCK_DEVICES; i++)
		if (bdevs[i].name[0] && !strcmp(bdevs[i].name, name))
			return &bdevs[i];
	return NULL;
}

int blkdev_submit(struct block_device *bdev, enum req_op op, u64 sector,
		  u32 nr_sectors, void *buf)
{
	struct block_device *disk = bdev->disk;
	struct blk_request rq = {
		.op = op,
		.sector = bdev->start_sect + sector,
		.nr_sectors = nr_sectors,
		.buf = buf,
	};

	if (!nr_sectors || sector > bdev->nr_sectors ||
	    nr_sectors > bdev->nr_sectors - sector)
		return -EINVAL;
	if (!disk->ops || !disk->ops->submit)
		return -ENODEV;
	return disk->ops->submit(disk, &rq);
}

int blkdev_read(struct block_device *bdev, u64 sector, u32 nr_sectors,
		void *buf)
{
	return blkdev_submit(bdev, REQ_OP_READ, sector, nr_sectors, buf);
}

int blkdev_write(struct block_device *bdev, u64 sector, u32 nr_sectors,
		 const void *buf)
{
	/* The driver reads from buf on a write; it never writes to it. */
	return blkdev_submit(bdev, REQ_OP_WRITE, sector, nr_sectors,
			     (void *)buf);
}

int blkdev_read_page(struct block_device *bdev, u64 index, void *page)
{
	if (index >= blkdev_nr_pages(bdev)) /* also keeps index * 8 small */
		return -EINVAL;
	return blkdev_read(bdev, index * SECTORS_PER_PAGE, SECTORS_PER_PAGE,
			   page);
}

int blkdev_write_page(struct block_device *bdev, u64 index, const void *page)
{
	if (index >= blkdev_nr_pages(bdev))
		return -EINVAL;
	return blkdev_write(bdev, index * SECTORS_PER_PAGE, SECTORS_PER_PAGE,
			    page);
}

u64 blkdev_nr_pages(const struct block_device *bdev)
{
	return bdev->nr_sectors / SECTORS_PER_PAGE;
}
