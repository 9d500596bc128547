/*
 * ata_internal.h - ATA registers and the channel object, shared by
 * drivers/ata.c (probe, commands, PIO, IRQ) and drivers/ata_dma.c
 * (bus-master DMA). Nothing outside the driver includes this.
 *
 * Register map of one channel (T13 ATA/ATAPI-6; primary shown):
 *
 *	command block 0x1f0 + reg          control block 0x3f6
 *	 0 DATA (16-bit)                    ALTSTATUS (r) / DEVCTL (w)
 *	 1 ERROR (r) / FEATURES (w)
 *	 2 NSECT   3 LBAL   4 LBAM   5 LBAH
 *	 6 DEVICE  7 STATUS (r) / COMMAND (w)
 *
 * Reading STATUS acknowledges the drive's interrupt; ALTSTATUS reads the
 * same bits without acknowledging, so polling uses ALTSTATUS.
 */
#ifndef DRIVERS_ATA_INTERNAL_H
#define DRIVERS_ATA_INTERNAL_H

#include "drivers/ata.h"
#include "kernel/wait.h"

/* Command block registers (offsets). */
#define ATA_REG_DATA 0
#define ATA_REG_ERROR 1
#define ATA_REG_FEATURE 1
#define ATA_REG_NSECT 2
#define ATA_REG_LBAL 3
#define ATA_REG_LBAM 4
#define ATA_REG_LBAH 5
#define ATA_REG_DEVICE 6
#define ATA_REG_STATUS 7
#define ATA_REG_CMD 7

/* Legacy ("compatibility mode") resources of the two channels. */
#define ATA_PRIMARY_CMD 0x1f0
#define ATA_PRIMARY_CTL 0x3f6
#define ATA_PRIMARY_IRQ 14
#define ATA_SECONDARY_CMD 0x170
#define ATA_SECONDARY_CTL 0x376
#define ATA_SECONDARY_IRQ 15
#define ATA_NATIVE_CTL_OFFSET 2 /* ALTSTATUS within a native-mode BAR */

/* STATUS / ALTSTATUS */
#define ATA_SR_ERR BIT(0) /* the command failed: see ERROR */
#define ATA_SR_DRQ BIT(3) /* data request: a sector can move */
#define ATA_SR_DF BIT(5) /* device fault */
#define ATA_SR_DRDY BIT(6) /* ready for commands */
#define ATA_SR_BSY BIT(7) /* busy: every other bit is meaningless */
#define ATA_STATUS_FLOATING 0xff /* nobody drives the bus */

/* ERROR */
#define ATA_ER_ABRT BIT(2) /* command aborted (or not supported) */
#define ATA_ER_IDNF BIT(4) /* sector address not found */
#define ATA_ER_UNC BIT(6) /* uncorrectable data error */

/* DEVICE */
#define ATA_DEV_OBS 0xa0 /* bits 7 and 5: "always one" in old specs */
#define ATA_DEV_LBA BIT(6)
#define ATA_DEV_SLAVE BIT(4)
#define ATA_DEV_LBA28_HIGH 0x0f /* LBA bits 24-27 live here in LBA28 */

/* DEVCTL */
#define ATA_CTL_NIEN BIT(1) /* the drive does not raise INTRQ */
#define ATA_CTL_SRST BIT(2) /* software reset of both drives */

/* Commands */
#define ATA_CMD_READ 0x20
#define ATA_CMD_READ_EXT 0x24
#define ATA_CMD_READ_DMA 0xc8
#define ATA_CMD_READ_DMA_EXT 0x25
#define ATA_CMD_WRITE 0x30
#define ATA_CMD_WRITE_EXT 0x34
#define ATA_CMD_WRITE_DMA 0xca
#define ATA_CMD_WRITE_DMA_EXT 0x35
#define ATA_CMD_ID_ATA 0xec
#define ATA_CMD_ID_ATAPI 0xa1

/* Signatures left in LBAM/LBAH after reset or an aborted IDENTIFY. */
#define ATA_SIG_ATAPI_MID 0x14
#define ATA_SIG_ATAPI_HIGH 0xeb
#define ATA_SIG_SATAPI_MID 0x69
#define ATA_SIG_SATAPI_HIGH 0x96

/* IDENTIFY (DEVICE) data: 256 little-endian words. */
#define ATA_ID_WORDS 256
#define ATA_ID_CONFIG 0
#define ATA_ID_CONFIG_ATAPI BIT(15) /* 0 = ATA device */
#define ATA_ID_SERNO 10 /* 10 words */
#define ATA_ID_FW_REV 23 /* 4 words */
#define ATA_ID_PROD 27 /* 20 words */
#define ATA_ID_CAPABILITY 49
#define ATA_ID_CAP_DMA BIT(8)
#define ATA_ID_CAP_LBA BIT(9)
#define ATA_ID_LBA28_CAPACITY 60 /* 2 words */
#define ATA_ID_COMMAND_SET_2 83
#define ATA_ID_CS2_LBA48 BIT(10)
#define ATA_ID_LBA48_CAPACITY 100 /* 4 words */

#define ATA_SECT_WORDS (SECTOR_SIZE / 2)
#define ATA_LBA28_MAX_COUNT 256 /* NSECT 0 means 256 */
/* Sectors per command: 128 KiB keeps the PRD table small. */
#define ATA_MAX_SECTORS_PER_CMD 256

/* Timeouts (milliseconds). */
#define ATA_CMD_TIMEOUT_MS 5000
#define ATA_RESET_TIMEOUT_MS 3000
/* Busy-wait iterations counted as one millisecond when interrupts are
 * off and jiffies stand still (each does an ALTSTATUS read ~ 1 us). */
#define ATA_SPINS_PER_MS 1000

/* Bus-master IDE registers (offsets from the channel's BAR4 part). */
#define ATA_BM_CHANNEL_STRIDE 8 /* secondary = BAR4 + 8 */
#define ATA_BM_CMD 0
#define ATA_BM_STATUS 2
#define ATA_BM_PRDT 4 /* 32-bit physical address of the PRD table */
#define ATA_BM_CMD_START BIT(0)
#define ATA_BM_CMD_TO_MEMORY BIT(3) /* set for reads: device -> memory */
#define ATA_BM_STATUS_ACTIVE BIT(0)
#define ATA_BM_STATUS_ERR BIT(1) /* write 1 to clear */
#define ATA_BM_STATUS_INTR BIT(2) /* write 1 to clear */
#define ATA_BM_STATUS_DRV0_DMA BIT(5) /* set by firmware: may DMA */
#define ATA_BM_STATUS_DRV1_DMA BIT(6)

/*
 * Physical Region Descriptor: one piece of the buffer. The table is
 * dword aligned and must not cross a 64 KiB boundary; no piece may
 * cross one either. A byte count of 0 means 64 KiB.
 */
struct ata_prd {
	u32 addr;
	u16 count;
	u16 flags;
} __packed;
#define ATA_PRD_EOT BIT(15) /* last entry */
#define ATA_PRD_BOUNDARY 0x10000
#define ATA_PRD_MAX 64

struct ata_channel;

struct ata_drive {
	struct ata_channel *ch;
	int slave; /* 0 master, 1 slave */
	struct ata_drive_info info;
};

struct ata_channel {
	int index; /* 0 primary, 1 secondary */
	u16 cmd; /* command block base */
	u16 ctl; /* ALTSTATUS / DEVCTL */
	u16 bmdma; /* bus-master registers, 0 = no DMA */
	int irq;
	bool irq_ok; /* our handler is installed */
	struct ata_drive drive[2];
	struct ata_prd *prdt; /* this channel's PRD table */
	u32 timeout_ms;

	/*
	 * One command at a time per channel (both drives share the
	 * registers and the IRQ line): busy is taken with wait_event, so
	 * a second task sleeps until the first is done.
	 */
	bool busy;
	int selected; /* drive in the DEVICE register, -1 = unknown */
	u8 devctl; /* last DEVCTL value written */

	/*
	 * IRQ hand-off. The issuer clears irq_done and sets expect_irq
	 * before writing COMMAND; the handler (interrupts off) records the
	 * status, sets irq_done and wakes wq. Both wait for IRQs and for
	 * busy use wq.
	 */
	struct wait_queue_head wq;
	volatile bool expect_irq;
	volatile bool irq_done;
	volatile u8 irq_status;
	volatile u8 irq_bm_status;
	int lost_irqs_to_inject;
	u64 cond_checks; /* wait-condition evaluations of this wait */

	struct ata_stats stats;
};

/* drivers/ata_dma.c */
void ata_dma_init(struct ata_channel *ch, u16 bmdma);
/* Build the PRD table for buf; -EINVAL if buf cannot be DMA'd. */
int ata_dma_map(struct ata_channel *ch, void *buf, u32 bytes);
/* Load the PRD table and direction; arm (but do not start) the engine. */
void ata_dma_setup(struct ata_channel *ch, enum req_op op);
void ata_dma_start(struct ata_channel *ch);
/* Stop the engine; returns the bus-master status it had. */
u8 ata_dma_stop(struct ata_channel *ch);
bool ata_dma_active(struct ata_channel *ch);

#endif
