/*
 * blkdev.h - the block-device interface: what mm/ (swap) and the partition
 * scanner see of a disk. Nothing above drivers/ touches ATA registers.
 *
 * A block device is a whole disk ("hda") or a partition of one ("hda1").
 * Both are addressed from their own sector 0; a partition adds its
 * start_sect and forwards the request to its disk, whose driver does the
 * transfer:
 *
 *	blkdev_read(part, 8, 8, buf)    part = hda1, start_sect 2048
 *	  -> disk->ops->submit(hda, {READ, sector 2056, 8 sectors, buf})
 *
 * Requests are synchronous: the caller sleeps until the transfer is done
 * (or failed) and gets 0 or -errno back. buf is a kernel virtual address;
 * a driver that does DMA translates it (page-sized, page-aligned buffers
 * from the page allocator always can be).
 */
#ifndef DRIVERS_BLKDEV_H
#define DRIVERS_BLKDEV_H

#include "kernel/types.h"

#define SECTOR_SIZE 512
#define SECTOR_SHIFT 9
#define BLK_PAGE_SIZE 4096 /* one memory page (mm/'s PAGE_SIZE) */
#define SECTORS_PER_PAGE (BLK_PAGE_SIZE / SECTOR_SIZE)
#define BDEV_NAME_LEN 16
#define MAX_BLOCK_DEVICES 32

enum req_op { REQ_OP_READ, REQ_OP_WRITE };

/* One transfer, addressed on the whole disk. */
struct blk_request {
	enum req_op op;
	u64 sector; /* first sector on the disk */
	u32 nr_sectors;
	void *buf; /* nr_sectors * SECTOR_SIZE bytes, kernel virtual */
};

struct block_device;

struct block_device_operations {
	/* Do rq on disk; sleep until done. 0, or -EIO / -ETIMEDOUT / ... */
	int (*submit)(struct block_device *disk, struct blk_request *rq);
};

/* What a partition table said about a partition (zero for a disk). */
struct part_info {
	u8 mbr_type; /* 0x82 = Linux swap; 0 on GPT */
	bool gpt; /* from a GPT entry (type_guid valid) */
	u8 type_guid[16]; /* as stored on disk (mixed endian) */
	bool swap; /* the table marks it Linux swap */
};

struct block_device {
	char name[BDEV_NAME_LEN]; /* "hda", "hda1", "hda5", ... */
	u32 sector_size; /* bytes; SECTOR_SIZE for every disk here */
	u64 nr_sectors; /* capacity */
	u64 start_sect; /* first sector on the whole disk; 0 for a disk */
	int partno; /* 0 = the whole disk */
	struct block_device *disk; /* the whole disk (itself for a disk) */
	struct part_info part;
	/* Whole disks only: */
	const struct block_device_operations *ops;
	void *private_data; /* the driver's per-disk object */
};

/* Register a whole disk. Returns it, or NULL when the table is full. */
struct block_device *blkdev_add_disk(const char *name, u64 nr_sectors,
				     const struct block_device_operations *ops,
				     void *private_data);
/* Register partition partno of disk ("hda" + 5 = "hda5"). */
struct block_device *blkdev_add_partition(struct block_device *disk,
					  int partno, u64 start_sect,
					  u64 nr_sectors,
					  const struct part_info *info);
/* Drop every partition of disk (before a rescan). */
void blkdev_del_partitions(struct block_device *disk);

int blkdev_count(void);
struct block_device *blkdev_get(int index); /* in registration order */
struct block_device *blkdev_lookup(const char *name);

/*
 * Synchronous I/O on sectors of bdev (a disk or a partition). A request
 * that does not lie inside bdev is refused with -EINVAL before it reaches
 * the disk; device errors come back as the driver's -errno.
 */
int blkdev_submit(struct block_device *bdev, enum req_op op, u64 sector,
		  u32 nr_sectors, void *buf);
int blkdev_read(struct block_device *bdev, u64 sector, u32 nr_sectors,
		void *buf);
int blkdev_write(struct block_device *bdev, u64 sector, u32 nr_sectors,
		 const void *buf);
/* One page-sized request at page index (BLK_PAGE_SIZE bytes from
 * byte offset index * BLK_PAGE_SIZE of bdev). */
int blkdev_read_page(struct block_device *bdev, u64 index, void *page);
int blkdev_write_page(struct block_device *bdev, u64 index, const void *page);
/* Capacity in whole pages. */
u64 blkdev_nr_pages(const struct block_device *bdev);

#endif
