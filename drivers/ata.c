/*
 * ata.c - IDE/ATA disks: probe with IDENTIFY, PIO transfers, the IRQ.
 *
 * A PIO read of n sectors with interrupts on:
 *
 *	ata_rw()          take the channel (one command at a time)
 *	  ata_issue()     wait until not busy, select the drive, load
 *	                  NSECT/LBA, write COMMAND
 *	  n times:        sleep on ch->wq until ata_irq() says the drive
 *	                  raised INTRQ; check STATUS (ERR? DRQ?); read
 *	                  256 words from DATA
 *
 * A PIO write polls for the first DRQ (the protocol sends no interrupt
 * for it), then takes one interrupt per sector accepted. A DMA transfer
 * (ata_dma.c) takes one interrupt at the end.
 *
 * With interrupts off (a test, or a caller before local_irq_enable) the
 * same steps poll ALTSTATUS instead, with nIEN set so that no interrupt
 * is left pending to confuse a later command. Every wait is bounded; a
 * drive that stays busy gets a soft reset and the caller gets -EIO.
 */
#include "drivers/ata_internal.h"
#include "drivers/pci.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"

#define ATA_PROBE_TIMEOUT_MS 1000
#define ATA_SRST_DELAY_US 5 /* SRST must be held at least 5 us */
#define ATA_RESET_SETTLE_MS 2 /* wait before polling BSY after SRST */
#define ATA_ID_CS2_VALID_MASK 0xc000 /* word 83 bits 15-14 must be 01 */
#define ATA_ID_CS2_VALID 0x4000
#define PCI_IDE_PROG_NATIVE(ch) BIT((ch) * 2) /* channel in native mode */
#define PCI_IDE_PROG_BUSMASTER BIT(7)

static struct ata_channel channels[ATA_NR_CHANNELS];
static bool ata_nodma; /* libata.dma=0 on the command line */

static struct ata_drive *drive_at(int index)
{
	if (index < 0 || index >= ATA_NR_DRIVES)
		return NULL;
	return &channels[index / 2].drive[index % 2];
}

/* ---- bounded waiting ---- */

/* Jiffies when interrupts are on; a spin count when they are off (the
 * tick stands still then). */
struct ata_deadline {
	bool by_jiffies;
	u64 end;
	u64 spins;
};

static void deadline_init(struct ata_deadline *dl, u32 ms)
{
	dl->by_jiffies = !irqs_disabled();
	dl->end = jiffies_read() + msecs_to_jiffies(ms) + 1;
	dl->spins = (u64)ms * ATA_SPINS_PER_MS;
}

static bool deadline_passed(struct ata_deadline *dl)
{
	if (dl->by_jiffies)
		return jiffies_read() >= dl->end;
	return dl->spins-- == 0;
}

static u8 ata_altstatus(struct ata_channel *ch)
{
	return inb(ch->ctl);
}

/* A drive needs 400 ns to put a valid status on the bus after a DEVICE
 * or COMMAND write: four ALTSTATUS reads take at least that. */
static void ata_delay400(struct ata_channel *ch)
{
	for (int i = 0; i < 4; i++)
		ata_altstatus(ch);
}

static void ata_delay_ms(u32 ms)
{
	if (!irqs_disabled()) {
		mdelay_halt(ms);
		return;
	}
	for (u64 i = 0; i < (u64)ms * ATA_SPINS_PER_MS; i++)
		io_delay();
}

/* Poll ALTSTATUS until (status & mask) == want. 0, or -EIO on timeout;
 * *status gets the last value read either way. */
static int ata_poll(struct ata_channel *ch, u8 mask, u8 want, u32 ms,
		    u8 *status)
{
	struct ata_deadline dl;

	deadline_init(&dl, ms);
	for (;;) {
		*status = ata_altstatus(ch);
		if ((*status & mask) == want)
			return 0;
		if (deadline_passed(&dl))
			return -EIO;
		cpu_relax();
	}
}

static void ata_set_devctl(struct ata_channel *ch, u8 v)
{
	if (ch->devctl != v)
		outb(ch->ctl, v);
	ch->devctl = v;
}

/* Software reset of both drives on the channel: the way out of a
 * command that never finishes. 0, or -EIO if the drives stay busy. */
static int ata_soft_reset(struct ata_channel *ch)
{
	u8 st;

	ch->stats.resets++;
	ch->expect_irq = false;
	if (ch->bmdma)
		ata_dma_stop(ch);
	outb(ch->ctl, ATA_CTL_SRST | ATA_CTL_NIEN);
	for (int i = 0; i < ATA_SRST_DELAY_US; i++)
		io_delay();
	outb(ch->ctl, ATA_CTL_NIEN);
	ch->devctl = ATA_CTL_NIEN;
	ch->selected = -1;
	ata_delay_ms(ATA_RESET_SETTLE_MS);
	if (ata_poll(ch, ATA_SR_BSY, 0, ATA_RESET_TIMEOUT_MS, &st)) {
		pr_err("ata%d: still busy after reset (status %#x)\n",
		       ch->index + 1, st);
		return -EIO;
	}
	return 0;
}

static void ata_select(struct ata_drive *d, u8 lba_high)
{
	struct ata_channel *ch = d->ch;

	outb(ch->cmd + ATA_REG_DEVICE, ATA_DEV_OBS | ATA_DEV_LBA |
		(d->slave ? ATA_DEV_SLAVE : 0) | lba_high);
	ata_delay400(ch);
	ch->selected = d->slave;
}

/* Before a command the channel must be idle (no BSY, no DRQ). A channel
 * that stays busy is stuck: reset it once. */
static int ata_wait_idle(struct ata_channel *ch)
{
	u8 st;

	if (!ata_poll(ch, ATA_SR_BSY | ATA_SR_DRQ, 0, ch->timeout_ms, &st))
		return 0;
	pr_warn("ata%d: stuck (status %#x), resetting the channel\n",
		ch->index + 1, st);
	return ata_soft_reset(ch);
}

/* ---- the channel lock ---- */

/* Condition of ata_lock's wait: test-and-set, atomic because wait_event
 * evaluates it with interrupts off on our single CPU. */
static bool ata_trylock(struct ata_channel *ch)
{
	if (ch->busy)
		return false;
	ch->busy = true;
	return true;
}

static void ata_lock(struct ata_channel *ch)
{
	wait_event(&ch->wq, ata_trylock(ch));
}

static void ata_unlock(struct ata_channel *ch)
{
	ch->busy = false;
	ch->expect_irq = false;
	wake_up(&ch->wq);
}

/* ---- commands ---- */

struct ata_taskfile {
	u8 command;
	u64 lba;
	u32 count; /* sectors: 1..256 (LBA28) or 1..65536 (LBA48) */
	bool lba48;
};

static void ata_load_taskfile(struct ata_channel *ch,
			      const struct ata_taskfile *tf)
{
	u16 r = ch->cmd;

	if (tf->lba48) {
		/* Each register is a two-deep FIFO: high bytes go first. */
		outb(r + ATA_REG_NSECT, (tf->count >> 8) & 0xff);
		outb(r + ATA_REG_LBAL, (tf->lba >> 24) & 0xff);
		outb(r + ATA_REG_LBAM, (tf->lba >> 32) & 0xff);
		outb(r + ATA_REG_LBAH, (tf->lba >> 40) & 0xff);
	}
	/* A count of 256 (LBA28) or 65536 (LBA48) is written as 0. */
	outb(r + ATA_REG_NSECT, tf->count & 0xff);
	outb(r + ATA_REG_LBAL, tf->lba & 0xff);
	outb(r + ATA_REG_LBAM, (tf->lba >> 8) & 0xff);
	outb(r + ATA_REG_LBAH, (tf->lba >> 16) & 0xff);
}

/* Start tf on d. With use_irq the drive will interrupt at the end of
 * each phase; without, nIEN keeps it quiet and the caller polls. */
static int ata_issue(struct ata_drive *d, const struct ata_taskfile *tf,
		     bool use_irq)
{
	struct ata_channel *ch = d->ch;
	u8 lba_high = tf->lba48 ? 0 : (tf->lba >> 24) & ATA_DEV_LBA28_HIGH;
	int err = ata_wait_idle(ch);

	if (err)
		return err;
	ata_select(d, lba_high);
	err = ata_wait_idle(ch);
	if (err)
		return err;
	ata_set_devctl(ch, use_irq ? 0 : ATA_CTL_NIEN);
	ata_load_taskfile(ch, tf);
	ch->irq_done = false;
	ch->expect_irq = use_irq;
	outb(ch->cmd + ATA_REG_CMD, tf->command);
	ata_delay400(ch);
	return 0;
}

/* The drive did not finish in time: reset the channel, fail the command. */
static int ata_timeout(struct ata_drive *d, u8 st)
{
	struct ata_channel *ch = d->ch;

	ch->stats.timeouts++;
	pr_err("%s: timeout waiting for the drive (status %#x), resetting\n",
	       d->info.name, st);
	ata_soft_reset(ch);
	return -EIO;
}

/* wait_event's condition; counting evaluations tells how often the
 * waiter slept: the macro only re-tests after a sleep. */
static bool ata_irq_arrived(struct ata_channel *ch)
{
	ch->cond_checks++;
	return ch->irq_done;
}

static int ata_wait_irq(struct ata_drive *d, u8 *status)
{
	struct ata_channel *ch = d->ch;
	bool ok;

	ch->cond_checks = 0;
	ok = wait_event_timeout(&ch->wq, ata_irq_arrived(ch),
				msecs_to_jiffies(ch->timeout_ms));
	if (ch->cond_checks > 1)
		ch->stats.sleeps += ch->cond_checks - 1;
	if (!ok)
		return ata_timeout(d, ata_altstatus(ch));
	/* The drive cannot interrupt again before we serve this phase. */
	*status = ch->irq_status;
	ch->irq_done = false;
	ch->stats.irq_completions++;
	return 0;
}

/* busy_mask: BSY for a PIO phase; BSY|DRQ for DMA, whose data phase
 * shows DRQ until the engine is done. */
static int ata_wait_poll(struct ata_drive *d, u8 busy_mask, u8 *status)
{
	struct ata_channel *ch = d->ch;
	u8 st;

	if (ata_poll(ch, busy_mask, 0, ch->timeout_ms, &st))
		return ata_timeout(d, st);
	*status = inb(ch->cmd + ATA_REG_STATUS); /* as the IRQ handler does */
	ch->stats.polled_completions++;
	return 0;
}

/* Wait for the end of the current phase of the command; *status is
 * STATUS at that point. */
static int ata_wait_phase(struct ata_drive *d, u8 busy_mask, u8 *status)
{
	if (d->ch->expect_irq)
		return ata_wait_irq(d, status);
	return ata_wait_poll(d, busy_mask, status);
}

/* Did the phase end well? ERR/DF is the device failing the command;
 * a DRQ that is missing (or left over) is a protocol error. */
static int ata_check(struct ata_drive *d, u8 st, bool want_drq, u64 lba)
{
	struct ata_channel *ch = d->ch;

	if (st & (ATA_SR_ERR | ATA_SR_DF)) {
		ch->stats.errors++;
		pr_err("%s: I/O error at sector %lu: status %#x error %#x\n",
		       d->info.name, lba, st, inb(ch->cmd + ATA_REG_ERROR));
		return -EIO;
	}
	if (!!(st & ATA_SR_DRQ) == want_drq)
		return 0;
	ch->stats.errors++;
	pr_err("%s: protocol error at sector %lu: status %#x, %s DRQ\n",
	       d->info.name, lba, st, want_drq ? "expected" : "unexpected");
	ata_soft_reset(ch);
	return -EIO;
}

/* ---- PIO ---- */

static void ata_pio_in(struct ata_channel *ch, void *buf)
{
	u16 *w = buf;

	for (int i = 0; i < ATA_SECT_WORDS; i++)
		w[i] = inw(ch->cmd + ATA_REG_DATA);
}

static void ata_pio_out(struct ata_channel *ch, const void *buf)
{
	const u16 *w = buf;

	for (int i = 0; i < ATA_SECT_WORDS; i++)
		outw(ch->cmd + ATA_REG_DATA, w[i]);
}

static int ata_pio_read(struct ata_drive *d, const struct ata_taskfile *tf,
			u8 *buf, bool use_irq)
{
	int err = ata_issue(d, tf, use_irq);
	u8 st;

	for (u32 i = 0; !err && i < tf->count; i++) {
		err = ata_wait_phase(d, ATA_SR_BSY, &st);
		if (!err)
			err = ata_check(d, st, true, tf->lba + i);
		if (!err)
			ata_pio_in(d->ch, buf + i * SECTOR_SIZE);
	}
	return err;
}

static int ata_pio_write(struct ata_drive *d, const struct ata_taskfile *tf,
			 const u8 *buf, bool use_irq)
{
	struct ata_channel *ch = d->ch;
	int err = ata_issue(d, tf, use_irq);
	u8 st = 0;

	/* No interrupt announces the first DRQ of a write: poll for it. */
	if (!err && ata_poll(ch, ATA_SR_BSY, 0, ch->timeout_ms, &st))
		err = ata_timeout(d, st);
	for (u32 i = 0; !err && i < tf->count; i++) {
		err = ata_check(d, st, true, tf->lba + i);
		if (err)
			break;
		ata_pio_out(ch, buf + i * SECTOR_SIZE);
		/* One interrupt per sector: DRQ again, or the end. */
		err = ata_wait_phase(d, ATA_SR_BSY, &st);
	}
	if (!err)
		err = ata_check(d, st, false, tf->lba + tf->count - 1);
	return err;
}

/* ---- DMA (the engine itself is in ata_dma.c) ---- */

static int ata_dma_rw(struct ata_drive *d, const struct ata_taskfile *tf,
		      enum req_op op, bool use_irq)
{
	struct ata_channel *ch = d->ch;
	u8 st, bm;
	int err;

	ata_dma_setup(ch, op);
	err = ata_issue(d, tf, use_irq);
	if (err)
		return err;
	ata_dma_start(ch);
	err = ata_wait_phase(d, ATA_SR_BSY | ATA_SR_DRQ, &st);
	bm = ata_dma_stop(ch);
	if (err)
		return err;
	if (st & (ATA_SR_ERR | ATA_SR_DF)) /* the drive failed it */
		return ata_check(d, st, false, tf->lba);
	/* Still active: the drive moved less than the PRD table covers. */
	if (bm & (ATA_BM_STATUS_ERR | ATA_BM_STATUS_ACTIVE)) {
		ch->stats.errors++;
		pr_err("%s: DMA error at sector %lu (bus-master status %#x)\n",
		       d->info.name, tf->lba, bm);
		ata_soft_reset(ch);
		return -EIO;
	}
	return ata_check(d, st, false, tf->lba);
}

static bool ata_can_dma(const struct ata_drive *d)
{
	return d->info.dma && d->ch->bmdma && !ata_nodma;
}

static u8 ata_rw_command(enum req_op op, bool dma, bool lba48)
{
	static const u8 cmd[2][2][2] = {
		/* [write][dma][lba48] */
		{ { ATA_CMD_READ, ATA_CMD_READ_EXT },
		  { ATA_CMD_READ_DMA, ATA_CMD_READ_DMA_EXT } },
		{ { ATA_CMD_WRITE, ATA_CMD_WRITE_EXT },
		  { ATA_CMD_WRITE_DMA, ATA_CMD_WRITE_DMA_EXT } },
	};

	return cmd[op == REQ_OP_WRITE][dma][lba48];
}

static int ata_rw_cmd(struct ata_drive *d, enum req_op op, u64 lba, u32 n,
		      u8 *buf, enum ata_xfer xfer, bool use_irq)
{
	struct ata_channel *ch = d->ch;
	bool dma = xfer != ATA_XFER_PIO && ata_can_dma(d) &&
		   !ata_dma_map(ch, buf, n * SECTOR_SIZE);
	struct ata_taskfile tf = {
		.lba = lba,
		.count = n,
		.lba48 = lba + n > ATA_LBA28_LIMIT || n > ATA_LBA28_MAX_COUNT,
	};

	if (xfer == ATA_XFER_DMA && !dma)
		return -EINVAL;
	tf.command = ata_rw_command(op, dma, tf.lba48);
	if (dma) {
		ch->stats.dma_cmds++;
		return ata_dma_rw(d, &tf, op, use_irq);
	}
	ch->stats.pio_cmds++;
	if (op == REQ_OP_READ)
		return ata_pio_read(d, &tf, buf, use_irq);
	return ata_pio_write(d, &tf, buf, use_irq);
}

/*
 * One command: at most ATA_MAX_SECTORS_PER_CMD sectors. Interrupts stay
 * off from before COMMAND is written until the end; wait_event turns them
 * on only inside its halt (sti; hlt). So the completion interrupt always
 * finds the issuer asleep: it can be neither lost nor early, and every
 * phase is completed by the IRQ handler waking the waiter.
 */
static int ata_rw_one(struct ata_drive *d, enum req_op op, u64 lba, u32 n,
		      u8 *buf, enum ata_xfer xfer)
{
	bool use_irq = d->ch->irq_ok && !irqs_disabled();
	u64 flags = local_irq_save();
	int err = ata_rw_cmd(d, op, lba, n, buf, xfer, use_irq);

	local_irq_restore(flags);
	return err;
}

int ata_rw(int index, enum req_op op, u64 lba, u32 count, void *buf,
	   enum ata_xfer xfer)
{
	struct ata_drive *d = drive_at(index);
	u8 *p = buf;
	int err = 0;

	if (!d || d->info.type != ATA_DEV_ATA)
		return -ENODEV;
	if (!count || lba >= ATA_LBA48_LIMIT || count > ATA_LBA48_LIMIT - lba)
		return -EINVAL;
	if (!d->info.lba48 && lba + count > ATA_LBA28_LIMIT)
		return -EINVAL;
	if (xfer == ATA_XFER_DMA && !ata_can_dma(d))
		return -EINVAL;
	ata_lock(d->ch);
	while (count && !err) {
		u32 n = MIN(count, (u32)ATA_MAX_SECTORS_PER_CMD);

		err = ata_rw_one(d, op, lba, n, p, xfer);
		lba += n;
		count -= n;
		p += n * SECTOR_SIZE;
	}
	ata_unlock(d->ch);
	return err;
}

static int ata_bdev_submit(struct block_device *disk, struct blk_request *rq)
{
	struct ata_drive *d = disk->private_data;

	return ata_rw(d->ch->index * 2 + d->slave, rq->op, rq->sector,
		      rq->nr_sectors, rq->buf, ATA_XFER_AUTO);
}

static const struct block_device_operations ata_bdev_ops = {
	.submit = ata_bdev_submit,
};

/* ---- the interrupt ---- */

static void ata_irq(int irq, void *dev)
{
	struct ata_channel *ch = dev;
	u8 bm = ch->bmdma ? inb(ch->bmdma + ATA_BM_STATUS) : 0;
	u8 st = inb(ch->cmd + ATA_REG_STATUS); /* acknowledges INTRQ */

	(void)irq;
	ch->stats.irqs++;
	if (ch->bmdma) /* clear INTR (write 1); keep ERR for ata_dma_stop */
		outb(ch->bmdma + ATA_BM_STATUS,
		     (bm & (ATA_BM_STATUS_DRV0_DMA | ATA_BM_STATUS_DRV1_DMA)) |
			     ATA_BM_STATUS_INTR);
	if (!ch->expect_irq || ch->irq_done || ch->lost_irqs_to_inject) {
		if (ch->lost_irqs_to_inject)
			ch->lost_irqs_to_inject--;
		ch->stats.stray_irqs++;
		return;
	}
	ch->irq_status = st;
	ch->irq_bm_status = bm;
	ch->irq_done = true;
	wake_up(&ch->wq);
}

/* ---- probing ---- */

/* IDENTIFY strings: two characters per word, the first in the high
 * byte, blank padded. */
static void ata_id_string(const u16 *id, int word, int nwords, char *out)
{
	int len = 0, start = 0;

	for (int i = 0; i < nwords; i++) {
		out[len++] = id[word + i] >> 8;
		out[len++] = id[word + i] & 0xff;
	}
	while (len && (out[len - 1] == ' ' || !out[len - 1]))
		len--;
	while (start < len && out[start] == ' ')
		start++;
	memmove(out, out + start, len - start);
	out[len - start] = 0;
}

static void ata_parse_identify(struct ata_drive_info *info, const u16 *id)
{
	ata_id_string(id, ATA_ID_PROD, 20, info->model);
	ata_id_string(id, ATA_ID_SERNO, 10, info->serial);
	ata_id_string(id, ATA_ID_FW_REV, 4, info->firmware);
	if (info->type != ATA_DEV_ATA)
		return;
	info->dma = id[ATA_ID_CAPABILITY] & ATA_ID_CAP_DMA;
	info->lba28_sectors = id[ATA_ID_LBA28_CAPACITY] |
			      (u64)id[ATA_ID_LBA28_CAPACITY + 1] << 16;
	info->lba48 = (id[ATA_ID_COMMAND_SET_2] & ATA_ID_CS2_VALID_MASK) ==
			      ATA_ID_CS2_VALID &&
		      (id[ATA_ID_COMMAND_SET_2] & ATA_ID_CS2_LBA48);
	for (int i = 0; info->lba48 && i < 4; i++)
		info->lba48_sectors |= (u64)id[ATA_ID_LBA48_CAPACITY + i]
				       << (16 * i);
	info->sectors = MAX(info->lba28_sectors, info->lba48_sectors);
	if (!(id[ATA_ID_CAPABILITY] & ATA_ID_CAP_LBA))
		info->sectors = 0; /* CHS-only: not supported here */
}

/* Who answers after an aborted IDENTIFY or a reset: the signature in
 * LBAM/LBAH (0/0 for ATA). */
static enum ata_dev_type ata_signature(struct ata_channel *ch)
{
	u8 mid = inb(ch->cmd + ATA_REG_LBAM), high = inb(ch->cmd + ATA_REG_LBAH);

	if ((mid == ATA_SIG_ATAPI_MID && high == ATA_SIG_ATAPI_HIGH) ||
	    (mid == ATA_SIG_SATAPI_MID && high == ATA_SIG_SATAPI_HIGH))
		return ATA_DEV_ATAPI;
	return mid || high ? ATA_DEV_NONE : ATA_DEV_ATA;
}

/* Send an IDENTIFY-type command (polled, nIEN) and read its 256 words.
 * Returns the status it ended with; the data is valid if 0 came back. */
static int ata_identify_cmd(struct ata_drive *d, u8 cmd, u16 *id, u8 *st)
{
	struct ata_channel *ch = d->ch;

	ata_set_devctl(ch, ATA_CTL_NIEN);
	ata_select(d, 0);
	outb(ch->cmd + ATA_REG_NSECT, 0);
	outb(ch->cmd + ATA_REG_LBAL, 0);
	outb(ch->cmd + ATA_REG_LBAM, 0);
	outb(ch->cmd + ATA_REG_LBAH, 0);
	outb(ch->cmd + ATA_REG_CMD, cmd);
	ata_delay400(ch);
	*st = ata_altstatus(ch);
	if (*st == 0 || *st == ATA_STATUS_FLOATING) /* nobody there */
		return -ENODEV;
	if (ata_poll(ch, ATA_SR_BSY, 0, ATA_PROBE_TIMEOUT_MS, st)) {
		ata_soft_reset(ch);
		return -EIO;
	}
	if (*st & ATA_SR_ERR || !(*st & ATA_SR_DRQ))
		return -EIO;
	for (int i = 0; i < ATA_ID_WORDS; i++)
		id[i] = inw(ch->cmd + ATA_REG_DATA);
	*st = inb(ch->cmd + ATA_REG_STATUS);
	return 0;
}

/*
 * What sits at d's position. An ATA disk answers IDENTIFY with data. An
 * ATAPI device aborts it (status 0x41, error 0x04) but leaves its
 * signature, and answers IDENTIFY PACKET DEVICE instead. An absent drive
 * reads status 0 (or 0xff on a floating bus), or aborts like ATAPI
 * without a signature.
 */
static enum ata_dev_type ata_identify(struct ata_drive *d, u16 *id)
{
	struct ata_channel *ch = d->ch;
	enum ata_dev_type sig;
	u8 st;
	int err = ata_identify_cmd(d, ATA_CMD_ID_ATA, id, &st);

	if (err == -ENODEV)
		return ATA_DEV_NONE;
	sig = ata_signature(ch);
	if (!err)
		return sig == ATA_DEV_ATA ? ATA_DEV_ATA : ATA_DEV_NONE;
	if (sig != ATA_DEV_ATAPI) {
		pr_debug("%s: no drive (status %#x error %#x)\n", d->info.name,
			 st, inb(ch->cmd + ATA_REG_ERROR));
		return ATA_DEV_NONE;
	}
	if (ata_identify_cmd(d, ATA_CMD_ID_ATAPI, id, &st))
		return ATA_DEV_NONE;
	return ATA_DEV_ATAPI;
}

static void ata_report(const struct ata_drive_info *info)
{
	u64 mib = info->sectors >> (20 - SECTOR_SHIFT);

	if (info->type == ATA_DEV_ATAPI) {
		pr_info("%s: ATAPI \"%s\", firmware %s (no driver, ignored)\n",
			info->name, info->model, info->firmware);
		return;
	}
	pr_info("%s: ATA disk \"%s\", serial %s, %lu sectors (%lu MiB), "
		"LBA28 %lu, LBA48 %lu, %s\n",
		info->name, info->model, info->serial, info->sectors, mib,
		info->lba28_sectors, info->lba48_sectors,
		info->dma && !ata_nodma ? "DMA" : "PIO only");
}

static void ata_probe_drive(struct ata_drive *d)
{
	static u16 id[ATA_ID_WORDS]; /* boot-time scratch, probing is serial */
	struct ata_drive_info *info = &d->info;

	memset(id, 0, sizeof(id));
	info->type = ata_identify(d, id);
	if (info->type == ATA_DEV_NONE)
		return;
	ata_parse_identify(info, id);
	ata_report(info);
	if (info->type != ATA_DEV_ATA)
		return;
	if (!info->sectors) {
		pr_warn("%s: no LBA addressing, ignored\n", info->name);
		info->type = ATA_DEV_NONE;
		return;
	}
	info->bdev = blkdev_add_disk(info->name, info->sectors, &ata_bdev_ops,
				     d);
}

/* Ports of channel i: PCI BARs in native mode, the legacy ones else. */
static void ata_channel_ports(struct ata_channel *ch, struct pci_dev *pci)
{
	static const u16 cmd[] = { ATA_PRIMARY_CMD, ATA_SECONDARY_CMD };
	static const u16 ctl[] = { ATA_PRIMARY_CTL, ATA_SECONDARY_CTL };
	static const int irq[] = { ATA_PRIMARY_IRQ, ATA_SECONDARY_IRQ };
	int i = ch->index;
	u16 bm = pci_bar_io(pci, 4);

	ch->cmd = cmd[i];
	ch->ctl = ctl[i];
	ch->irq = irq[i];
	if (pci->prog_if & PCI_IDE_PROG_NATIVE(i)) {
		ch->cmd = pci_bar_io(pci, 2 * i);
		ch->ctl = pci_bar_io(pci, 2 * i + 1) + ATA_NATIVE_CTL_OFFSET;
		ch->irq = pci->irq_line;
	}
	if ((pci->prog_if & PCI_IDE_PROG_BUSMASTER) && bm)
		ata_dma_init(ch, bm + i * ATA_BM_CHANNEL_STRIDE);
}

static void ata_channel_init(struct ata_channel *ch, int index,
			     struct pci_dev *pci)
{
	bool has_disk = false;

	ch->index = index;
	ch->selected = -1;
	ch->devctl = ATA_CTL_NIEN;
	ch->timeout_ms = ATA_CMD_TIMEOUT_MS;
	init_waitqueue_head(&ch->wq);
	ata_channel_ports(ch, pci);
	outb(ch->ctl, ATA_CTL_NIEN); /* quiet while we probe */
	for (int s = 0; s < 2; s++) {
		struct ata_drive *d = &ch->drive[s];

		d->ch = ch;
		d->slave = s;
		snprintf(d->info.name, sizeof(d->info.name), "hd%c",
			 'a' + index * 2 + s);
		ata_probe_drive(d);
		has_disk |= d->info.type == ATA_DEV_ATA;
	}
	if (!has_disk)
		return;
	if (request_irq(ch->irq, ata_irq, ch))
		pr_warn("ata%d: IRQ %d taken, polling\n", index + 1, ch->irq);
	else
		ch->irq_ok = true;
}

void ata_init(void)
{
	struct pci_dev *pci = pci_find_class(PCI_CLASS_STORAGE,
					     PCI_SUBCLASS_STORAGE_IDE);
	char val[8];
	int disks = 0;

	if (cmdline_get("libata.dma", val, sizeof(val)) && !strcmp(val, "0"))
		ata_nodma = true;
	if (!pci) {
		pr_info("ata: no IDE controller on PCI, no disks\n");
		return;
	}
	if (pci_bar_io(pci, 4))
		pci_set_master(pci); /* the firmware leaves bus mastering off */
	for (int i = 0; i < ATA_NR_CHANNELS; i++)
		ata_channel_init(&channels[i], i, pci);
	for (int i = 0; i < ATA_NR_DRIVES; i++)
		disks += drive_at(i)->info.type == ATA_DEV_ATA;
	if (!disks)
		pr_info("ata: no disks\n");
}

/* ---- accessors and self-test hooks ---- */

const struct ata_drive_info *ata_drive_info(int index)
{
	struct ata_drive *d = drive_at(index);

	return d ? &d->info : NULL;
}

int ata_drive_channel(int index)
{
	return index / 2;
}

void ata_get_stats(int channel, struct ata_stats *out)
{
	u64 flags = local_irq_save();

	*out = channels[channel].stats;
	local_irq_restore(flags);
}

void ata_inject_lost_irqs(int channel, int n)
{
	channels[channel].lost_irqs_to_inject = n;
}

u32 ata_set_timeout_ms(u32 ms)
{
	u32 old = channels[0].timeout_ms;

	for (int i = 0; i < ATA_NR_CHANNELS; i++)
		channels[i].timeout_ms = ms;
	return old;
}
