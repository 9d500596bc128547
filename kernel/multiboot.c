/*
 * multiboot.c - read the multiboot2 boot information into struct boot_info.
 *
 * The information is a u32 total_size, a u32 reserved, then 8-byte aligned
 * tags {u32 type, u32 size, ...} ending with a type-0 tag. We copy what we
 * need (command line, memory map, modules) so nothing later depends on
 * GRUB's memory, which the frame allocator only reserves until it is done.
 */
#include "kernel/multiboot.h"
#include "kernel/errno.h"
#include "kernel/string.h"

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_tag_module {
	u32 type, size;
	u32 mod_start, mod_end;
	char name[];
};

struct mb2_tag_mmap {
	u32 type, size;
	u32 entry_size, entry_version;
	u8 entries[];
};

struct mb2_mmap_entry {
	u64 addr, len;
	u32 type, reserved;
};

static struct boot_info info;

/* The boot code maps the first 1 GiB at KERNEL_VMA too: use that alias. */
#define EARLY_VA(phys) ((void *)((phys) + 0xffffffff80000000UL))

static void parse_mmap(const struct mb2_tag_mmap *t)
{
	for (u32 off = sizeof(*t); off + t->entry_size <= t->size;
	     off += t->entry_size) {
		const struct mb2_mmap_entry *e =
			(const void *)((const u8 *)t + off);
		if (info.nr_mmap == BOOT_MAX_MMAP)
			break;
		info.mmap[info.nr_mmap++] = (struct boot_mmap_entry){
			.addr = e->addr, .len = e->len, .type = e->type
		};
	}
}

static void parse_module(const struct mb2_tag_module *t)
{
	if (info.nr_modules == BOOT_MAX_MODULES)
		return;
	struct boot_module *m = &info.modules[info.nr_modules++];
	m->start = t->mod_start;
	m->end = t->mod_end;
	strlcpy(m->name, t->name, sizeof(m->name));
}

int multiboot_parse(u32 magic, u64 info_phys)
{
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return -EINVAL;
	const u8 *base = EARLY_VA(info_phys);
	u32 total = *(const u32 *)base;

	info.info_phys = info_phys;
	info.info_size = total;
	for (u32 off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *tag = (const void *)(base + off);
		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			strlcpy(info.cmdline, (const char *)(tag + 1),
				sizeof(info.cmdline));
		else if (tag->type == MB2_TAG_MMAP)
			parse_mmap((const void *)tag);
		else if (tag->type == MB2_TAG_MODULE)
			parse_module((const void *)tag);
		off += ALIGN_UP(tag->size, 8);
	}
	return 0;
}

const struct boot_info *boot_info(void)
{
	return &info;
}
