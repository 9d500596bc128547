/*
 * memblock.c - boot memory: which physical ranges are RAM, which are taken.
 *
 * Before mem_map exists, physical memory is two short lists built from the
 * multiboot2 memory map (Linux calls this memblock):
 *
 *   ram       the "available" ranges, page-rounded inwards
 *   reserved  what must never be handed out: the first MiB (real-mode IVT,
 *             BIOS data, EBDA), the kernel image, GRUB's boot information
 *             (it may sit inside the kernel's physical gap), every boot
 *             module (the initramfs), and each memblock_alloc() (mem_map)
 *
 * mem= on the command line caps usable RAM like Linux's: frames at or above
 * the cap are never given to the frame allocator. The direct map still
 * covers them, so a boot module GRUB put up there stays readable.
 *
 * page_alloc.c frees every RAM frame below the cap that is not reserved;
 * after that these lists are only read.
 */
#include "kernel/cmdline.h"
#include "kernel/multiboot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sections.h"
#include "mm/internal.h"

#define FIRST_MIB (1UL << 20)
/* First MiB, kernel, boot info, modules, and a few memblock_alloc()s. */
#define MAX_RESERVED (3 + BOOT_MAX_MODULES + 4)

struct mem_range {
	phys_addr_t start, end; /* [start, end), page aligned */
};

static struct mem_range ram[BOOT_MAX_MMAP];
static int nr_ram;
static struct mem_range reserved[MAX_RESERVED];
static int nr_reserved;
static phys_addr_t mem_limit = ~0UL;

static void reserve(phys_addr_t start, phys_addr_t end)
{
	if (nr_reserved == MAX_RESERVED)
		panic("memblock: more than %d reserved ranges", MAX_RESERVED);
	reserved[nr_reserved++] = (struct mem_range){
		ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE)
	};
}

static void parse_mem_option(void)
{
	char val[32];
	u64 limit;

	if (!cmdline_get("mem", val, sizeof(val)))
		return;
	if (parse_size(val, &limit) || limit < PAGE_SIZE) {
		pr_warn("memblock: ignoring mem=%s (not a size)\n", val);
		return;
	}
	mem_limit = ALIGN_DOWN(limit, PAGE_SIZE);
}

void memblock_init(void)
{
	const struct boot_info *bi = boot_info();

	parse_mem_option();
	for (int i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mmap_entry *e = &bi->mmap[i];
		phys_addr_t start = ALIGN_UP(e->addr, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(e->addr + e->len, PAGE_SIZE);

		if (e->type == MB2_MEMORY_AVAILABLE && start < end)
			ram[nr_ram++] = (struct mem_range){ start, end };
	}
	if (!nr_ram)
		panic("memblock: the boot loader reported no usable RAM");

	reserve(0, FIRST_MIB);
	reserve((phys_addr_t)__kernel_phys_start,
		(phys_addr_t)__kernel_phys_end);
	reserve(bi->info_phys, bi->info_phys + bi->info_size);
	for (int i = 0; i < bi->nr_modules; i++)
		reserve(bi->modules[i].start, bi->modules[i].end);
}

bool memblock_ram_range(int i, phys_addr_t *start, phys_addr_t *end)
{
	if (i < 0 || i >= nr_ram)
		return false;
	*start = ram[i].start;
	*end = ram[i].end;
	return true;
}

phys_addr_t memblock_limit(void)
{
	return mem_limit;
}

phys_addr_t memblock_end_of_ram(void)
{
	phys_addr_t end = 0;

	for (int i = 0; i < nr_ram; i++)
		end = MAX(end, ram[i].end);
	return end;
}

/* The reserved range overlapping [start, end), or NULL. */
static const struct mem_range *find_reserved(phys_addr_t start,
					     phys_addr_t end)
{
	for (int i = 0; i < nr_reserved; i++)
		if (reserved[i].start < end && start < reserved[i].end)
			return &reserved[i];
	return NULL;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return find_reserved(addr, addr + 1) != NULL;
}

/* First fit: slide past every reserved range in the way. */
phys_addr_t memblock_alloc(unsigned long size, phys_addr_t limit)
{
	const struct mem_range *r;

	size = PAGE_ALIGN(size);
	limit = MIN(limit, mem_limit);
	for (int i = 0; i < nr_ram; i++) {
		phys_addr_t start = ram[i].start;
		phys_addr_t end = MIN(ram[i].end, limit);

		while ((r = find_reserved(start, start + size)))
			start = r->end;
		if (start + size <= end) {
			reserve(start, start + size);
			return start;
		}
	}
	panic("memblock_alloc: no %lu KiB of free RAM below %#lx (mem= too "
	      "small?)", size >> 10, limit);
}
