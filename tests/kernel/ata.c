/*
 * ata.c - self-tests of the PCI scan, the ATA driver and the block layer.
 *
 * They run on the disks the boot attached. The default boot (make run)
 * has the swap disk as hda and the CD-ROM as hdc; boots in tests/boots.py
 * attach more and say what to expect with atatest.drives=. Tests that
 * write save the sectors first and put them back.
 *
 * FIXME(scheduler): "another task runs while the request sleeps" needs
 * tasks; until kernel/sched.c exists the proof that a request sleeps is
 * that its completion came from the IRQ and the waiter halted meanwhile
 * (irq_completes_request_while_caller_sleeps).
 */
#include "drivers/ata.h"
#include "drivers/blkdev.h"
#include "drivers/pci.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "mm/mm.h"

#define PIIX_VENDOR 0x8086
#define PIIX3_IDE 0x7010
#define BIG_SECTORS 264 /* more than one command (256 sectors) */
#define BUF_BYTES (BIG_SECTORS * SECTOR_SIZE)
#define LOST_IRQ_TIMEOUT_MS 200
#define ROUNDTRIP_TRANSFERS 5 /* roundtrip(): save, write, read, restore, read */
#define COMMANDS_PER_BIG 2 /* BIG_SECTORS takes two commands */
/* tests/images/mklba48.sh writes this at sector LBA48_MARK_SECTOR. */
#define LBA48_MARK_SECTOR 300000000ULL
#define LBA48_MARK "faultline lba48 marker"

/* Page-allocator buffers (direct map: what DMA normally sees), made by
 * the suite's init and freed by its exit around every test. */
static u8 *buf_a, *buf_b, *buf_save;
static struct page *buf_pages[3];

static void ata_test_init(struct ktest *t)
{
	unsigned int order = get_order(BUF_BYTES);

	for (int i = 0; i < 3; i++) {
		buf_pages[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		if (!buf_pages[i])
			ktest_skip(t, "no memory for %u-page buffers",
				   1u << order);
	}
	buf_a = page_address(buf_pages[0]);
	buf_b = page_address(buf_pages[1]);
	buf_save = page_address(buf_pages[2]);
}

static void ata_test_exit(struct ktest *t)
{
	(void)t;
	for (int i = 0; i < 3; i++) {
		if (buf_pages[i])
			__free_pages(buf_pages[i], get_order(BUF_BYTES));
		buf_pages[i] = NULL;
	}
}

static void fill_random(struct ktest *t, u8 *buf, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		u64 r = ktest_rand(t);
		memcpy(buf + i, &r, MIN((size_t)8, n - i));
	}
}

/* The disk these tests use: the first ATA disk (hda in most boots). It
 * sets disk, the index the raw calls take. */
static int disk;

static const struct ata_drive_info *need_disk(struct ktest *t)
{
	for (disk = 0; disk < ATA_NR_DRIVES; disk++)
		if (ata_drive_info(disk)->type == ATA_DEV_ATA)
			return ata_drive_info(disk);
	ktest_skip(t, "no ATA disk attached");
}

static void need_dma(struct ktest *t, const struct ata_drive_info *d)
{
	if (!d->dma || ata_rw(disk, REQ_OP_READ, 0, 1, buf_a, ATA_XFER_DMA))
		ktest_skip(t, "%s has no DMA path (libata.dma=0?)", d->name);
}

static struct ata_stats stats_of(int index)
{
	struct ata_stats s;

	ata_get_stats(ata_drive_channel(index), &s);
	return s;
}

/*
 * Write random data at lba with wr, read it back with rd, compare, then
 * restore what was there. n sectors.
 */
static void roundtrip(struct ktest *t, int index, u64 lba, u32 n,
		      enum ata_xfer wr, enum ata_xfer rd)
{
	size_t bytes = (size_t)n * SECTOR_SIZE;

	KT_ASSERT_EQ(t, ata_rw(index, REQ_OP_READ, lba, n, buf_save, rd), 0);
	fill_random(t, buf_a, bytes);
	memset(buf_b, 0, bytes);
	KT_ASSERT_EQ(t, ata_rw(index, REQ_OP_WRITE, lba, n, buf_a, wr), 0);
	KT_EXPECT_EQ(t, ata_rw(index, REQ_OP_READ, lba, n, buf_b, rd), 0);
	if (memcmp(buf_a, buf_b, bytes))
		KT_FAIL(t, "data read back at sector %lu differs", lba);
	KT_ASSERT_EQ(t, ata_rw(index, REQ_OP_WRITE, lba, n, buf_save, wr), 0);
	KT_EXPECT_EQ(t, ata_rw(index, REQ_OP_READ, lba, n, buf_b, rd), 0);
	if (memcmp(buf_save, buf_b, bytes))
		KT_FAIL(t, "sector %lu not restored", lba);
}

/* Requirement: the IDE controller is found on PCI (PIIX3 8086:7010 on
 * QEMU's pc machine) and bus mastering is switched on for DMA. */
static void ide_controller_found_on_pci(struct ktest *t)
{
	struct pci_dev *ide = pci_find_class(PCI_CLASS_STORAGE,
					     PCI_SUBCLASS_STORAGE_IDE);

	KT_ASSERT_NOT_NULL(t, ide);
	KT_EXPECT_EQ(t, ide->vendor, PIIX_VENDOR);
	KT_EXPECT_EQ(t, ide->device, PIIX3_IDE);
	KT_EXPECT_EQ(t, pci_find_device(PIIX_VENDOR, PIIX3_IDE), ide);
	KT_EXPECT_NE(t, pci_bar_io(ide, 4), 0);
	KT_EXPECT_TRUE(t, pci_command(ide) & PCI_COMMAND_MASTER);
}

static const char *type_word(enum ata_dev_type type)
{
	static const char *const words[] = { "none", "ata", "atapi" };

	return words[type];
}

/* Requirement: probing all four positions tells ATA disks from ATAPI
 * devices from absent drives (atatest.drives= gives what the boot
 * attached; default hda disk, hdc CD-ROM). */
static void probe_tells_disk_atapi_and_absent_apart(struct ktest *t)
{
	char want[64] = "ata,none,atapi,none";
	char *p = want;

	cmdline_get("atatest.drives", want, sizeof(want));
	for (int i = 0; i < ATA_NR_DRIVES; i++) {
		const struct ata_drive_info *d = ata_drive_info(i);
		char *comma = strchr(p, ',');

		if (comma)
			*comma = 0;
		KT_EXPECT_STREQ(t, type_word(d->type), p);
		KT_EXPECT_EQ(t, d->bdev != NULL, d->type == ATA_DEV_ATA);
		p = comma ? comma + 1 : p + strlen(p);
	}
}

/* Requirement: IDENTIFY gives model, serial and capacity, and the
 * capacity is exact: the last sector reads, the one after it fails. */
static void identify_capacity_is_exact(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct ata_stats before = stats_of(disk);

	KT_EXPECT_STREQ(t, d->model, "QEMU HARDDISK");
	KT_EXPECT_TRUE(t, d->serial[0] != 0);
	KT_EXPECT_EQ(t, d->bdev->nr_sectors, d->sectors);
	if (d->lba48)
		KT_EXPECT_EQ(t, d->sectors, d->lba48_sectors);
	else
		KT_EXPECT_EQ(t, d->sectors, d->lba28_sectors);
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, d->sectors - 1, 1, buf_a,
			       ATA_XFER_PIO), 0);
	/* The driver does not check the capacity; the drive does. */
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, d->sectors, 1, buf_a,
			       ATA_XFER_PIO), -EIO);
	KT_EXPECT_EQ(t, stats_of(disk).errors, before.errors + 1);
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, 1, buf_a, ATA_XFER_PIO),
		     0);
}

/* Requirement: PIO sector round-trips at the first, middle and last
 * sector of the disk. */
static void pio_sector_roundtrip_start_middle_end(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	u64 lbas[] = { 0, d->sectors / 2, d->sectors - 1 };

	for (size_t i = 0; i < ARRAY_SIZE(lbas); i++)
		roundtrip(t, disk, lbas[i], 1, ATA_XFER_PIO, ATA_XFER_PIO);
}

/* Requirement: DMA sector round-trips at the first, middle and last
 * sector, written by DMA and read back by PIO and the other way. */
static void dma_sector_roundtrip_start_middle_end(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	u64 lbas[] = { 0, d->sectors / 2, d->sectors - 1 };

	need_dma(t, d);
	for (size_t i = 0; i < ARRAY_SIZE(lbas); i++) {
		roundtrip(t, disk, lbas[i], 1, ATA_XFER_DMA, ATA_XFER_PIO);
		roundtrip(t, disk, lbas[i], 1, ATA_XFER_PIO, ATA_XFER_DMA);
	}
}

/* Requirement: page-sized (8-sector) transfers at the first, middle and
 * last page, PIO and DMA. */
static void page_roundtrip_start_middle_end(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	u64 lbas[] = { 0, d->sectors / 2, d->sectors - SECTORS_PER_PAGE };

	for (size_t i = 0; i < ARRAY_SIZE(lbas); i++)
		roundtrip(t, disk, lbas[i], SECTORS_PER_PAGE, ATA_XFER_PIO,
			  ATA_XFER_PIO);
	need_dma(t, d);
	for (size_t i = 0; i < ARRAY_SIZE(lbas); i++)
		roundtrip(t, disk, lbas[i], SECTORS_PER_PAGE, ATA_XFER_DMA,
			  ATA_XFER_DMA);
}

/* Requirement: a transfer longer than one command (256 sectors) is
 * split and lands contiguously, by PIO and by DMA. */
static void multi_command_transfer_roundtrip(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct ata_stats before = stats_of(disk);

	roundtrip(t, disk, d->sectors / 3, BIG_SECTORS, ATA_XFER_PIO,
		  ATA_XFER_PIO);
	KT_EXPECT_EQ(t, stats_of(disk).pio_cmds,
		     before.pio_cmds + ROUNDTRIP_TRANSFERS * COMMANDS_PER_BIG);
	need_dma(t, d);
	roundtrip(t, disk, d->sectors / 3, BIG_SECTORS, ATA_XFER_DMA,
		  ATA_XFER_DMA);
}

/* Requirement: with interrupts on, each phase of a request is completed
 * by the IRQ (14/15) while the issuer sleeps (halts), not by polling. */
static void irq_completes_request_while_caller_sleeps(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	int irq = ata_drive_channel(disk) ? 15 : 14;
	struct ata_stats before = stats_of(disk), after;
	u64 irqs = irq_count(irq);

	KT_ASSERT_FALSE(t, irqs_disabled());
	KT_ASSERT_EQ(t, ata_rw(disk, REQ_OP_READ, d->sectors / 2, 4, buf_a,
			       ATA_XFER_PIO), 0);
	after = stats_of(disk);
	/* PIO read: one interrupt per sector. */
	KT_EXPECT_EQ(t, after.irq_completions, before.irq_completions + 4);
	KT_EXPECT_EQ(t, after.polled_completions, before.polled_completions);
	KT_EXPECT_GE(t, irq_count(irq), irqs + 4);
	/* The IRQ cannot come before the waiter sleeps (ata_rw_one). */
	KT_EXPECT_GE(t, after.sleeps, before.sleeps + 4);
}

/* Requirement: a DMA request completes with a single interrupt. */
static void dma_request_completes_with_one_irq(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct ata_stats before, after;

	need_dma(t, d);
	before = stats_of(disk);
	KT_ASSERT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, SECTORS_PER_PAGE, buf_a,
			       ATA_XFER_DMA), 0);
	after = stats_of(disk);
	KT_EXPECT_EQ(t, after.dma_cmds, before.dma_cmds + 1);
	KT_EXPECT_EQ(t, after.irq_completions, before.irq_completions + 1);
	KT_EXPECT_GE(t, after.sleeps, before.sleeps + 1);
}

/* Requirement: with interrupts disabled the driver polls (and leaves no
 * interrupt pending behind it), and reads the same data. */
static void polls_when_interrupts_are_off(struct ktest *t)
{
	struct ata_stats before, after;
	int err_pio, err_dma = 0;
	bool dma;
	u64 flags;

	need_disk(t);
	KT_ASSERT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, SECTORS_PER_PAGE, buf_a,
			       ATA_XFER_PIO), 0);
	dma = !ata_rw(disk, REQ_OP_READ, 0, 1, buf_b, ATA_XFER_DMA);
	before = stats_of(disk);
	flags = local_irq_save();
	err_pio = ata_rw(disk, REQ_OP_READ, 0, SECTORS_PER_PAGE, buf_b,
			 ATA_XFER_PIO);
	if (dma)
		err_dma = ata_rw(disk, REQ_OP_READ, 0, SECTORS_PER_PAGE,
				 buf_save, ATA_XFER_DMA);
	local_irq_restore(flags);
	mdelay_halt(20); /* a pending interrupt would arrive now */
	after = stats_of(disk);
	KT_EXPECT_EQ(t, err_pio, 0);
	KT_EXPECT_EQ(t, err_dma, 0);
	KT_EXPECT_EQ(t, after.irq_completions, before.irq_completions);
	KT_EXPECT_EQ(t, after.polled_completions,
		     before.polled_completions + SECTORS_PER_PAGE + dma);
	KT_EXPECT_EQ(t, after.stray_irqs, before.stray_irqs);
	KT_EXPECT_EQ(t, memcmp(buf_a, buf_b, BLK_PAGE_SIZE), 0);
	if (dma)
		KT_EXPECT_EQ(t, memcmp(buf_a, buf_save, BLK_PAGE_SIZE), 0);
}

/* Requirement: a lost interrupt ends in a bounded wait, a soft reset of
 * the channel and -EIO to the caller (no panic); the next request works. */
static void lost_irq_times_out_resets_and_recovers(struct ktest *t)
{
	need_disk(t);
	int ch = ata_drive_channel(disk);
	u32 old = ata_set_timeout_ms(LOST_IRQ_TIMEOUT_MS);
	struct ata_stats before = stats_of(disk), after;
	int err;

	KT_ASSERT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, 1, buf_a, ATA_XFER_PIO),
		     0);
	ata_inject_lost_irqs(ch, 1);
	err = ata_rw(disk, REQ_OP_READ, 0, 1, buf_b, ATA_XFER_PIO);
	ata_inject_lost_irqs(ch, 0);
	ata_set_timeout_ms(old);
	after = stats_of(disk);
	KT_EXPECT_EQ(t, err, -EIO);
	KT_EXPECT_EQ(t, after.timeouts, before.timeouts + 1);
	KT_EXPECT_GE(t, after.resets, before.resets + 1);
	memset(buf_b, 0, SECTOR_SIZE);
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, 1, buf_b, ATA_XFER_AUTO),
		     0);
	KT_EXPECT_EQ(t, memcmp(buf_a, buf_b, SECTOR_SIZE), 0);
}

/* Requirement: a buffer DMA cannot reach (a kernel stack: not in the
 * direct map, not physically contiguous) goes by PIO, with the same data. */
static void dma_unreachable_buffer_goes_by_pio(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct ata_stats before, after;
	void *top = kstack_alloc();
	u8 *stack_buf;

	need_dma(t, d);
	KT_ASSERT_NOT_NULL(t, top);
	stack_buf = (u8 *)top - KSTACK_SIZE;
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, SECTORS_PER_PAGE, buf_a,
			       ATA_XFER_DMA), 0);
	before = stats_of(disk);
	KT_EXPECT_EQ(t, blkdev_read(d->bdev, 0, SECTORS_PER_PAGE, stack_buf),
		     0);
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, 1, stack_buf,
			       ATA_XFER_DMA), -EINVAL);
	after = stats_of(disk);
	KT_EXPECT_EQ(t, after.pio_cmds, before.pio_cmds + 1);
	KT_EXPECT_EQ(t, after.dma_cmds, before.dma_cmds);
	KT_EXPECT_EQ(t, memcmp(buf_a, stack_buf, BLK_PAGE_SIZE), 0);
	kstack_free(top);
}

/* Requirement: DMA is the default data path, and a buffer the engine
 * cannot take (odd address) falls back to PIO; forcing DMA on it is
 * refused with -EINVAL. */
static void dma_default_and_pio_fallback(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct ata_stats before, after;

	need_dma(t, d);
	before = stats_of(disk);
	KT_EXPECT_EQ(t, blkdev_read(d->bdev, 0, 1, buf_a), 0);
	KT_EXPECT_EQ(t, blkdev_read(d->bdev, 0, 1, buf_b + 1), 0);
	KT_EXPECT_EQ(t, ata_rw(disk, REQ_OP_READ, 0, 1, buf_b + 1,
			       ATA_XFER_DMA), -EINVAL);
	after = stats_of(disk);
	KT_EXPECT_EQ(t, after.dma_cmds, before.dma_cmds + 1);
	KT_EXPECT_EQ(t, after.pio_cmds, before.pio_cmds + 1);
	KT_EXPECT_EQ(t, memcmp(buf_a, buf_b + 1, SECTOR_SIZE), 0);
}

/* Requirement: the block layer refuses requests outside the device
 * before they reach the disk, and page requests address whole pages. */
static void blkdev_checks_range_and_pages(struct ktest *t)
{
	const struct ata_drive_info *d = need_disk(t);
	struct block_device *b = d->bdev;
	u64 last_page = blkdev_nr_pages(b) - 1;

	KT_EXPECT_EQ(t, blkdev_lookup(d->name), b);
	KT_EXPECT_EQ(t, blkdev_read(b, b->nr_sectors, 1, buf_a), -EINVAL);
	KT_EXPECT_EQ(t, blkdev_read(b, b->nr_sectors - 1, 2, buf_a), -EINVAL);
	KT_EXPECT_EQ(t, blkdev_read(b, 0, 0, buf_a), -EINVAL);
	KT_EXPECT_EQ(t, blkdev_read_page(b, last_page + 1, buf_a), -EINVAL);
	KT_ASSERT_EQ(t, blkdev_read_page(b, last_page, buf_a), 0);
	KT_ASSERT_EQ(t, ata_rw(disk, REQ_OP_READ, last_page * SECTORS_PER_PAGE,
			       SECTORS_PER_PAGE, buf_b, ATA_XFER_PIO), 0);
	KT_EXPECT_EQ(t, memcmp(buf_a, buf_b, BLK_PAGE_SIZE), 0);
}

/* The first disk larger than LBA28 can address, or skip. */
static int need_big_disk(struct ktest *t)
{
	for (int i = 0; i < ATA_NR_DRIVES; i++) {
		const struct ata_drive_info *d = ata_drive_info(i);

		if (d->type == ATA_DEV_ATA && d->sectors > ATA_LBA28_LIMIT)
			return i;
	}
	ktest_skip(t, "no disk beyond 128 GiB attached (boot ata-lba48 has one)");
}

/* Requirement: LBA48 reaches past the 28-bit limit: the host's marker at
 * sector 300000000 reads back, and a sector 2^28 above another one is a
 * different sector (no truncation to 28 bits), by PIO and DMA. */
static void lba48_reaches_past_28bit_limit(struct ktest *t)
{
	int big = need_big_disk(t);
	const struct ata_drive_info *d = ata_drive_info(big);
	u64 low = 1234, high = ATA_LBA28_LIMIT + low;

	KT_ASSERT_EQ(t, ata_rw(big, REQ_OP_READ, LBA48_MARK_SECTOR, 1, buf_a,
			       ATA_XFER_PIO), 0);
	KT_EXPECT_EQ(t, memcmp(buf_a, LBA48_MARK, strlen(LBA48_MARK)), 0);
	roundtrip(t, big, high, 1, ATA_XFER_PIO, ATA_XFER_PIO);
	roundtrip(t, big, d->sectors - 1, 1, ATA_XFER_PIO, ATA_XFER_PIO);
	/* Different data at low and high: reading high must not see low. */
	memset(buf_a, 'L', SECTOR_SIZE);
	memset(buf_b, 'H', SECTOR_SIZE);
	KT_ASSERT_EQ(t, ata_rw(big, REQ_OP_WRITE, low, 1, buf_a, ATA_XFER_PIO),
		     0);
	KT_ASSERT_EQ(t, ata_rw(big, REQ_OP_WRITE, high, 1, buf_b,
			       ATA_XFER_AUTO), 0);
	KT_ASSERT_EQ(t, ata_rw(big, REQ_OP_READ, high, 1, buf_save,
			       ATA_XFER_AUTO), 0);
	KT_EXPECT_EQ(t, buf_save[0], 'H');
	KT_ASSERT_EQ(t, ata_rw(big, REQ_OP_READ, low, 1, buf_save,
			       ATA_XFER_PIO), 0);
	KT_EXPECT_EQ(t, buf_save[0], 'L');
	if (d->dma)
		roundtrip(t, big, high + 7, SECTORS_PER_PAGE, ATA_XFER_DMA,
			  ATA_XFER_DMA);
}

static const struct ktest_case ata_cases[] = {
	KTEST_CASE(ide_controller_found_on_pci),
	KTEST_CASE(probe_tells_disk_atapi_and_absent_apart),
	KTEST_CASE(identify_capacity_is_exact),
	KTEST_CASE(pio_sector_roundtrip_start_middle_end),
	KTEST_CASE(dma_sector_roundtrip_start_middle_end),
	KTEST_CASE(page_roundtrip_start_middle_end),
	KTEST_CASE(multi_command_transfer_roundtrip),
	KTEST_CASE(irq_completes_request_while_caller_sleeps),
	KTEST_CASE(dma_request_completes_with_one_irq),
	KTEST_CASE(polls_when_interrupts_are_off),
	KTEST_CASE(lost_irq_times_out_resets_and_recovers),
	KTEST_CASE(dma_default_and_pio_fallback),
	KTEST_CASE(dma_unreachable_buffer_goes_by_pio),
	KTEST_CASE(blkdev_checks_range_and_pages),
	KTEST_CASE(lba48_reaches_past_28bit_limit),
	{}
};

static const struct ktest_suite ata_suite = {
	.name = "ata",
	.cases = ata_cases,
	.init = ata_test_init,
	.exit = ata_test_exit,
};
KTEST_SUITE(ata_suite, 4);
