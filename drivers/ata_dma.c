/*
 * ata_dma.c - PIIX bus-master IDE DMA: the drive moves the data to and
 * from memory itself; the CPU only describes where.
 *
 * The description is a PRD table (struct ata_prd): physical address and
 * length of each piece of the buffer, the last one flagged EOT. A
 * transfer is
 *
 *	ata_dma_map()     build the table (fails -> the caller uses PIO)
 *	ata_dma_setup()   load the table address and direction, clear status
 *	                  (ata.c issues READ DMA / WRITE DMA to the drive)
 *	ata_dma_start()   set START: the engine follows the drive's requests
 *	                  (one interrupt at the end, ata.c waits for it)
 *	ata_dma_stop()    clear START, read and clear the status
 *
 * The engine sees physical memory only, below 4 GiB, and PCI bus
 * mastering must be on in the controller's command register (ata_init).
 * x86 DMA is cache coherent: no flushing, only compiler barriers.
 */
#include "drivers/ata_internal.h"
#include "kernel/errno.h"
#include "kernel/x86.h"
#include "mm/mm.h"

#define DMA_LIMIT (1ULL << 32) /* PRD addresses are 32 bits */

/* One PRD table per channel. 64 entries x 8 bytes inside one aligned
 * page: dword aligned and never across a 64 KiB boundary. */
static struct ata_prd prd_tables[ATA_NR_CHANNELS][ATA_PRD_MAX]
	__aligned(PAGE_SIZE);

/*
 * Physical address of kernel buffer p, or false if the engine cannot
 * reach it: only the direct map and the kernel image translate by
 * arithmetic. Anything else (a kernel stack, with its own page tables
 * and no contiguity) goes by PIO.
 */
static bool dma_phys(const void *p, u64 *phys)
{
	if (!virt_addr_valid(p) && (unsigned long)p < KERNEL_VMA)
		return false;
	*phys = virt_to_phys(p);
	return true;
}

void ata_dma_init(struct ata_channel *ch, u16 bmdma)
{
	ch->bmdma = bmdma;
	ch->prdt = prd_tables[ch->index];
	outb(bmdma + ATA_BM_CMD, 0);
}

static u32 prd_len(const struct ata_prd *prd)
{
	return prd->count ? prd->count : ATA_PRD_BOUNDARY;
}

/* Can this piece extend the previous entry? Only if it follows it in
 * physical memory and stays inside the same 64 KiB window. */
static bool prd_extends(const struct ata_prd *prev, u64 phys, u32 len)
{
	u64 end = prev->addr + prd_len(prev);

	return end == phys && (prev->addr / ATA_PRD_BOUNDARY) ==
				      ((phys + len - 1) / ATA_PRD_BOUNDARY);
}

int ata_dma_map(struct ata_channel *ch, void *buf, u32 bytes)
{
	struct ata_prd *prd = ch->prdt;
	const u8 *p = buf;
	int n = 0;

	if (!ch->bmdma || !bytes || (u64)buf % 2 || bytes % 2)
		return -EINVAL;
	while (bytes) {
		/* Page by page: physical contiguity is known per page. */
		u32 len = MIN(bytes, PAGE_SIZE - (u32)((u64)p % PAGE_SIZE));
		u64 phys;

		if (!dma_phys(p, &phys) || phys + len > DMA_LIMIT)
			return -EINVAL;
		if (n && prd_extends(&prd[n - 1], phys, len)) {
			prd[n - 1].count = (prd_len(&prd[n - 1]) + len) &
					   (ATA_PRD_BOUNDARY - 1);
		} else {
			if (n == ATA_PRD_MAX)
				return -EINVAL;
			prd[n++] = (struct ata_prd){ .addr = phys, .count = len };
		}
		p += len;
		bytes -= len;
	}
	prd[n - 1].flags = ATA_PRD_EOT;
	return 0;
}

void ata_dma_setup(struct ata_channel *ch, enum req_op op)
{
	u16 bm = ch->bmdma;
	u64 table;
	u8 st;

	dma_phys(ch->prdt, &table); /* in the kernel image: always works */
	outb(bm + ATA_BM_CMD, 0);
	outl(bm + ATA_BM_PRDT, (u32)table);
	st = inb(bm + ATA_BM_STATUS);
	outb(bm + ATA_BM_STATUS,
	     (st & (ATA_BM_STATUS_DRV0_DMA | ATA_BM_STATUS_DRV1_DMA)) |
		     ATA_BM_STATUS_ERR | ATA_BM_STATUS_INTR);
	outb(bm + ATA_BM_CMD, op == REQ_OP_READ ? ATA_BM_CMD_TO_MEMORY : 0);
}

void ata_dma_start(struct ata_channel *ch)
{
	u16 bm = ch->bmdma;

	barrier(); /* the PRD table and a write's data are in memory now */
	outb(bm + ATA_BM_CMD, inb(bm + ATA_BM_CMD) | ATA_BM_CMD_START);
}

u8 ata_dma_stop(struct ata_channel *ch)
{
	u16 bm = ch->bmdma;
	u8 st = inb(bm + ATA_BM_STATUS);

	outb(bm + ATA_BM_CMD, inb(bm + ATA_BM_CMD) & ~ATA_BM_CMD_START);
	outb(bm + ATA_BM_STATUS,
	     (st & (ATA_BM_STATUS_DRV0_DMA | ATA_BM_STATUS_DRV1_DMA)) |
		     ATA_BM_STATUS_ERR | ATA_BM_STATUS_INTR);
	barrier(); /* a read's data arrived in memory behind our back */
	return st;
}

bool ata_dma_active(struct ata_channel *ch)
{
	return inb(ch->bmdma + ATA_BM_STATUS) & ATA_BM_STATUS_ACTIVE;
}
