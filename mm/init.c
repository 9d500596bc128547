/*
 * init.c - mm_init(): bring up memory management.
 *
 * For now only the frame allocator; the kernel's own page tables follow.
 */
#include "kernel/printk.h"
#include "mm/internal.h"

/* boot/head64.asm: the boot PGD. */
extern u64 early_pml4[];

/*
 * __va() must work for the frames mm uses. Point the direct map's PGD
 * slot at the boot PUD table of slot 0: PAGE_OFFSET + x then reaches
 * physical x for x below EARLY_MAP_LIMIT.
 */
static void early_direct_map(void)
{
	early_pml4[(PAGE_OFFSET >> 39) & 511] = early_pml4[0];
}

static void report(void)
{
	phys_addr_t limit = memblock_limit();

	if (limit < memblock_end_of_ram())
		pr_info("mm: mem= caps usable RAM at %lu MiB\n", limit >> 20);
	pr_info("mm: %lu frames usable, %lu free, %lu reserved\n",
		nr_total_frames(), nr_free_frames(), nr_reserved_frames());
}

void mm_init(void)
{
	memblock_init(); /* RAM and reserved ranges, mem= */
	early_direct_map(); /* __va() below 1 GiB on the boot tables */
	page_alloc_init(); /* mem_map; frames below 1 GiB go free */
	page_alloc_init_late(); /* frames above 1 GiB go free */
	report();
}
