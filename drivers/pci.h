/*
 * pci.h - PCI configuration space through the legacy I/O ports
 * (configuration mechanism #1: address to 0xcf8, data at 0xcfc).
 *
 * pci_init() scans every bus once and keeps what it found; drivers look
 * their device up by class or by vendor:device id.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include "kernel/types.h"

/* Standard configuration header (type 0), byte offsets. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08 /* rev | prog-if << 8 | class << 16 */
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10 /* six 32-bit BARs follow */
#define PCI_INTERRUPT_LINE 0x3c

#define PCI_COMMAND_IO BIT(0) /* decode I/O BARs */
#define PCI_COMMAND_MEMORY BIT(1) /* decode memory BARs */
#define PCI_COMMAND_MASTER BIT(2) /* may master the bus (DMA) */

#define PCI_HEADER_TYPE_MASK 0x7f
#define PCI_HEADER_MULTI_FUNC BIT(7)
#define PCI_BASE_ADDRESS_SPACE_IO BIT(0)
#define PCI_BASE_ADDRESS_IO_MASK (~0x3u)
#define PCI_BASE_ADDRESS_MEM_MASK (~0xfu)
#define PCI_NUM_BARS 6

#define PCI_VENDOR_NONE 0xffff /* no function answers at this address */

#define PCI_CLASS_STORAGE 0x01
#define PCI_SUBCLASS_STORAGE_IDE 0x01

struct pci_dev {
	u8 bus, slot, func;
	u16 vendor, device;
	u8 class, subclass, prog_if, revision;
	u8 irq_line; /* as the firmware routed it; 0xff = none */
	u32 bar[PCI_NUM_BARS]; /* raw values; decode with pci_bar_*() */
};

u32 pci_read_config32(u8 bus, u8 slot, u8 func, u8 off);
u16 pci_read_config16(u8 bus, u8 slot, u8 func, u8 off);
u8 pci_read_config8(u8 bus, u8 slot, u8 func, u8 off);
void pci_write_config32(u8 bus, u8 slot, u8 func, u8 off, u32 v);
void pci_write_config16(u8 bus, u8 slot, u8 func, u8 off, u16 v);

/* Scan the buses and print one line per function found. */
void pci_init(void);
int pci_nr_devices(void);
struct pci_dev *pci_get_device(int index);
/* First function with this class/subclass, or NULL. */
struct pci_dev *pci_find_class(u8 class, u8 subclass);
struct pci_dev *pci_find_device(u16 vendor, u16 device);

/* An I/O BAR's port base, or 0 if the BAR is unset or memory. */
u16 pci_bar_io(const struct pci_dev *dev, int bar);
/* Turn on bus mastering (QEMU's firmware leaves it off for IDE). */
void pci_set_master(struct pci_dev *dev);
u16 pci_command(const struct pci_dev *dev);

#endif
