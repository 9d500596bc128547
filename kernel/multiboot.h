/*
 * multiboot.h - what GRUB tells us at boot (multiboot2 information).
 *
 * kmain parses the tags once into struct boot_info; everything else asks
 * boot_info(). Physical addresses throughout.
 */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include "kernel/types.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289
#define BOOT_MAX_MMAP 64
#define BOOT_MAX_MODULES 8
#define BOOT_CMDLINE_MAX 512

/* Multiboot2 memory types. */
#define MB2_MEMORY_AVAILABLE 1

struct boot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_module {
	u64 start; /* physical, inclusive */
	u64 end; /* physical, exclusive */
	char name[64];
};

struct boot_info {
	u64 info_phys; /* the multiboot2 information structure itself */
	u64 info_size;
	char cmdline[BOOT_CMDLINE_MAX];
	int nr_mmap;
	struct boot_mmap_entry mmap[BOOT_MAX_MMAP];
	int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
};

/* Parse the information at info_phys (still identity-mapped). 0 or -EINVAL. */
int multiboot_parse(u32 magic, u64 info_phys);
const struct boot_info *boot_info(void);

#endif
