/*
 * pci.c - PCI configuration space (mechanism #1) and a one-time bus scan.
 *
 * A configuration address is written to CONFIG_ADDRESS (0xcf8):
 *
 *   31    30-24    23-16  15-11  10-8      7-2     1-0
 *  +----+--------+------+------+------+----------+----+
 *  | EN |reserved|  bus | slot | func | register | 00 |
 *  +----+--------+------+------+------+----------+----+
 *
 * and the selected dword is then read or written at CONFIG_DATA (0xcfc);
 * narrower accesses pick their bytes out of that dword.
 *
 * The scan walks every bus by brute force (256 x 32 slots): simpler than
 * following bridges, and quick enough to run once at boot.
 */
#include "drivers/pci.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE BIT(31)
#define PCI_MAX_BUS 256
#define PCI_MAX_SLOT 32
#define PCI_MAX_FUNC 8
#define PCI_MAX_DEVICES 32

/* Filled once by pci_init(); read-only afterwards. */
static struct pci_dev pci_devices[PCI_MAX_DEVICES];
static int pci_count;

static void pci_select(u8 bus, u8 slot, u8 func, u8 off)
{
	u32 addr = PCI_CONFIG_ENABLE | (u32)bus << 16 | (u32)slot << 11 |
		   (u32)func << 8 | (off & 0xfc);

	outl(PCI_CONFIG_ADDRESS, addr);
}

u32 pci_read_config32(u8 bus, u8 slot, u8 func, u8 off)
{
	u64 flags = local_irq_save(); /* address + data is one access */
	u32 v;

	pci_select(bus, slot, func, off);
	v = inl(PCI_CONFIG_DATA);
	local_irq_restore(flags);
	return v;
}

u16 pci_read_config16(u8 bus, u8 slot, u8 func, u8 off)
{
	return pci_read_config32(bus, slot, func, off) >> ((off & 2) * 8);
}

u8 pci_read_config8(u8 bus, u8 slot, u8 func, u8 off)
{
	return pci_read_config32(bus, slot, func, off) >> ((off & 3) * 8);
}

void pci_write_config32(u8 bus, u8 slot, u8 func, u8 off, u32 v)
{
	u64 flags = local_irq_save();

	pci_select(bus, slot, func, off);
	outl(PCI_CONFIG_DATA, v);
	local_irq_restore(flags);
}

void pci_write_config16(u8 bus, u8 slot, u8 func, u8 off, u16 v)
{
	u64 flags = local_irq_save();

	pci_select(bus, slot, func, off);
	outw(PCI_CONFIG_DATA + (off & 2), v);
	local_irq_restore(flags);
}

static void pci_read_function(struct pci_dev *d, u8 bus, u8 slot, u8 func)
{
	u32 cr = pci_read_config32(bus, slot, func, PCI_CLASS_REVISION);

	d->bus = bus;
	d->slot = slot;
	d->func = func;
	d->vendor = pci_read_config16(bus, slot, func, PCI_VENDOR_ID);
	d->device = pci_read_config16(bus, slot, func, PCI_DEVICE_ID);
	d->revision = cr & 0xff;
	d->prog_if = (cr >> 8) & 0xff;
	d->subclass = (cr >> 16) & 0xff;
	d->class = cr >> 24;
	d->irq_line = pci_read_config8(bus, slot, func, PCI_INTERRUPT_LINE);
	for (int i = 0; i < PCI_NUM_BARS; i++)
		d->bar[i] = pci_read_config32(bus, slot, func,
					      PCI_BASE_ADDRESS_0 + 4 * i);
	pr_info("pci %02x:%02x.%x: [%04x:%04x] class %02x%02x%02x\n", bus,
		slot, func, d->vendor, d->device, d->class, d->subclass,
		d->prog_if);
}

static void pci_scan_slot(u8 bus, u8 slot)
{
	u8 type = pci_read_config8(bus, slot, 0, PCI_HEADER_TYPE);
	int nfunc = (type & PCI_HEADER_MULTI_FUNC) ? PCI_MAX_FUNC : 1;

	for (int func = 0; func < nfunc; func++) {
		if (pci_read_config16(bus, slot, func, PCI_VENDOR_ID) ==
		    PCI_VENDOR_NONE)
			continue;
		if (pci_count == PCI_MAX_DEVICES) {
			pr_warn("pci: more than %d functions, ignoring the rest\n",
				PCI_MAX_DEVICES);
			return;
		}
		pci_read_function(&pci_devices[pci_count++], bus, slot, func);
	}
}

void pci_init(void)
{
	pci_count = 0;
	for (int bus = 0; bus < PCI_MAX_BUS; bus++)
		for (int slot = 0; slot < PCI_MAX_SLOT; slot++)
			if (pci_read_config16(bus, slot, 0, PCI_VENDOR_ID) !=
			    PCI_VENDOR_NONE)
				pci_scan_slot(bus, slot);
}

int pci_nr_devices(void)
{
	return pci_count;
}

struct pci_dev *pci_get_device(int index)
{
	if (index < 0 || index >= pci_count)
		return NULL;
	return &pci_devices[index];
}

struct pci_dev *pci_find_class(u8 class, u8 subclass)
{
	for (int i = 0; i < pci_count; i++)
		if (pci_devices[i].class == class &&
		    pci_devices[i].subclass == subclass)
			return &pci_devices[i];
	return NULL;
}

struct pci_dev *pci_find_device(u16 vendor, u16 device)
{
	for (int i = 0; i < pci_count; i++)
		if (pci_devices[i].vendor == vendor &&
		    pci_devices[i].device == device)
			return &pci_devices[i];
	return NULL;
}

u16 pci_bar_io(const struct pci_dev *dev, int bar)
{
	u32 v = dev->bar[bar];

	if (!(v & PCI_BASE_ADDRESS_SPACE_IO))
		return 0;
	return v & PCI_BASE_ADDRESS_IO_MASK;
}

u16 pci_command(const struct pci_dev *dev)
{
	return pci_read_config16(dev->bus, dev->slot, dev->func, PCI_COMMAND);
}

void pci_set_master(struct pci_dev *dev)
{
	u16 cmd = pci_command(dev);

	if (cmd & PCI_COMMAND_MASTER)
		return;
	pci_write_config16(dev->bus, dev->slot, dev->func, PCI_COMMAND,
			   cmd | PCI_COMMAND_MASTER);
}
