/*
 * internal.h - interfaces between the files of mm/ (and its self-tests in
 * tests/kernel/), not for anyone else.
 *
 *   memblock.c    boot memory: RAM and reserved ranges, mem=, early allocs
 *   page_alloc.c  mem_map and the buddy frame allocator
 *   pgtable.c     the x86-64 page-table layer (public: mm/pgtable.h)
 *   init.c        mm_init(): kernel page tables, CPU protections
 *   kstack.c      kernel stacks with guard pages
 *   slab.c        kmalloc/kfree
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mm.h"

/*
 * Debug checks that cost time. faultline is built for reading and
 * debugging (-Og -g), so they are on; build with -DCONFIG_DEBUG_MM=0 to
 * measure without them.
 */
#ifndef CONFIG_DEBUG_MM
#define CONFIG_DEBUG_MM 1
#endif
/* Freed frames and heap objects are filled with this: a stale pointer
 * read from freed memory is 0x6b6b6b6b6b6b6b6b, non-canonical, and faults. */
#define POISON_FREE 0x6b

/* Physical memory below this is mapped by the boot page tables (1 GiB
 * of 2 MiB pages), so mm can reach it before its own tables exist. */
#define EARLY_MAP_LIMIT (1UL << 30)

/* memblock.c: what the multiboot2 map says, before mem_map exists. */
void memblock_init(void);
/* The i-th range of usable RAM [*start, *end), page aligned, not cut at
 * mem= (the direct map covers it all). False past the last one. */
bool memblock_ram_range(int i, phys_addr_t *start, phys_addr_t *end);
/* mem= (or the end of RAM): frames at or above it are never used. */
phys_addr_t memblock_limit(void);
/* End of the highest RAM range, not cut at mem=. */
phys_addr_t memblock_end_of_ram(void);
/* Must this frame never be handed out (first MiB, kernel, boot data)? */
bool memblock_is_reserved(phys_addr_t addr);
/* size bytes of page-aligned RAM below limit, reserved for good. Panics
 * if there is none: boot cannot go on without it. */
phys_addr_t memblock_alloc(unsigned long size, phys_addr_t limit);

/* page_alloc.c */
/* Build mem_map; free the usable frames below EARLY_MAP_LIMIT. */
void page_alloc_init(void);
/* Free the rest, once the direct map reaches every frame. */
void page_alloc_init_late(void);

/* kstack.c */
void kstack_init(void);

#endif
