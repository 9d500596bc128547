/*
 * ata.h - the IDE/ATA disk driver (PIIX on QEMU's pc machine).
 *
 * ata_init() finds the IDE controller on PCI, probes the four drive
 * positions and registers each ATA disk as a block device named like
 * Linux's old IDE driver:
 *
 *	index 0 hda  primary master     index 2 hdc  secondary master
 *	index 1 hdb  primary slave      index 3 hdd  secondary slave
 *
 * Everything above drivers/ uses the disks through drivers/blkdev.h. The
 * calls below are the driver's own view, for the boot log and the
 * self-tests (tests/kernel/ata.c): raw LBAs, a choice of PIO or DMA, and
 * counters that show how each command completed.
 */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H

#include "drivers/blkdev.h"
#include "kernel/types.h"

#define ATA_NR_CHANNELS 2
#define ATA_NR_DRIVES 4 /* two per channel */
#define ATA_LBA28_LIMIT (1ULL << 28) /* first sector LBA28 cannot reach */
#define ATA_LBA48_LIMIT (1ULL << 48)

enum ata_dev_type {
	ATA_DEV_NONE, /* nothing answered at this position */
	ATA_DEV_ATA, /* a disk: gets a block device */
	ATA_DEV_ATAPI, /* a packet device (the CD-ROM): reported only */
};

/* How a transfer moves its data. AUTO = DMA when the drive, the
 * controller and the buffer allow it, else PIO. */
enum ata_xfer { ATA_XFER_AUTO, ATA_XFER_PIO, ATA_XFER_DMA };

/* What IDENTIFY said, filled at probe time. */
struct ata_drive_info {
	char name[4]; /* "hda".."hdd" */
	enum ata_dev_type type;
	char model[41], serial[21], firmware[9]; /* trailing blanks cut */
	u64 lba28_sectors; /* words 60-61 */
	u64 lba48_sectors; /* words 100-103, 0 without LBA48 */
	u64 sectors; /* what we address: the larger of the two */
	bool lba48; /* supports the 48-bit commands */
	bool dma; /* supports (multiword/ultra) DMA */
	struct block_device *bdev; /* ATA disks only */
};

/* Per channel; only ever counts up. */
struct ata_stats {
	u64 irqs; /* interrupts taken */
	u64 stray_irqs; /* interrupts with no command waiting (or dropped) */
	u64 irq_completions; /* command phases the IRQ handler completed */
	u64 polled_completions; /* phases completed by polling (IRQs off) */
	u64 sleeps; /* times an issuer slept (halted) waiting for the IRQ */
	u64 pio_cmds, dma_cmds; /* read/write commands by data path */
	u64 errors; /* device reported ERR/DF, or a protocol error */
	u64 timeouts; /* no completion within the timeout */
	u64 resets; /* soft resets of the channel */
};

/* Probe the controller and the drives; register the disks. */
void ata_init(void);

/* Drive at index 0..3, or NULL if the index is out of range. */
const struct ata_drive_info *ata_drive_info(int index);
int ata_drive_channel(int index);

/*
 * Transfer count sectors at lba of drive index to/from buf. Sleeps on the
 * channel's wait queue until the IRQ completes each phase; polls only
 * when interrupts are disabled. 0, or:
 *   -ENODEV  no ATA disk at index      -EINVAL  bad range / no DMA path
 *   -EIO     the device failed it, or it timed out (the channel is reset)
 * Does not check lba against the capacity: the device does (tests use
 * that); block devices check before they get here.
 */
int ata_rw(int index, enum req_op op, u64 lba, u32 count, void *buf,
	   enum ata_xfer xfer);

void ata_get_stats(int channel, struct ata_stats *out);

/* Self-test hooks. The next n interrupts on channel are acknowledged
 * but not delivered to the waiter (a lost interrupt). */
void ata_inject_lost_irqs(int channel, int n);
/* Command timeout in milliseconds; returns the previous one. */
u32 ata_set_timeout_ms(u32 ms);

#endif
