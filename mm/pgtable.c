/*
 * pgtable.c - the x86-64 page-table layer: walk, map, unmap, protect,
 * TLB invalidation, creating and freeing tables.
 *
 * Bits, geometry and the entry helpers are in mm/pgtable.h (with the
 * diagrams). Tables are reached through the direct map (__va of the
 * physical address in the entry above). Invariants:
 *   - A user-half table entry is _PAGE_TABLE (P R U), a kernel-half one
 *     _KERNPG_TABLE (P R): the PTE alone decides the access.
 *   - No kernel PGD slot is filled after boot (see pgtable.h): the kernel
 *     half is shared by copying those slots.
 *   - faultline never makes huge pages; a PSE bit in a table is a bug.
 */
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/internal.h"
#include "mm/pgtable.h"

/* --- the walk --- */

pte_t *pte_lookup(pgd_t *pgd, unsigned long addr)
{
	pgd_t *pgdp = pgd_offset(pgd, addr);
	pud_t *pudp;
	pmd_t *pmdp;

	if (!pgd_present(*pgdp))
		return NULL;
	pudp = pud_offset(pgdp, addr);
	if (!pud_present(*pudp))
		return NULL;
	BUG_ON(pud_large(*pudp));
	pmdp = pmd_offset(pudp, addr);
	if (!pmd_present(*pmdp))
		return NULL;
	BUG_ON(pmd_large(*pmdp));
	return pte_offset(pmdp, addr);
}

/* A zeroed page for a table, as the entry value that points at it. */
static u64 alloc_table(unsigned long addr)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return 0;
	return (page_to_pfn(page) << PAGE_SHIFT) |
	       (is_kernel_addr(addr) ? _KERNPG_TABLE : _PAGE_TABLE);
}

static int pud_alloc(pgd_t *pgdp, unsigned long addr)
{
	u64 table;

	if (is_kernel_addr(addr))
		panic("pte_alloc_walk: kernel PGD slot %u has no PUD table "
		      "(%p): kernel slots are preallocated at boot, or other "
		      "address spaces would not see the mapping",
		      pgd_index(addr), (void *)addr);
	table = alloc_table(addr);
	if (!table)
		return -ENOMEM;
	*pgdp = __pgd(table);
	return 0;
}

static int pmd_alloc(pud_t *pudp, unsigned long addr)
{
	u64 table = alloc_table(addr);

	if (!table)
		return -ENOMEM;
	*pudp = __pud(table);
	return 0;
}

static int pte_alloc(pmd_t *pmdp, unsigned long addr)
{
	u64 table = alloc_table(addr);

	if (!table)
		return -ENOMEM;
	*pmdp = __pmd(table);
	return 0;
}

pte_t *pte_alloc_walk(pgd_t *pgd, unsigned long addr)
{
	pgd_t *pgdp = pgd_offset(pgd, addr);
	pud_t *pudp;
	pmd_t *pmdp;

	if (pgd_none(*pgdp) && pud_alloc(pgdp, addr))
		return NULL;
	pudp = pud_offset(pgdp, addr);
	if (pud_none(*pudp) && pmd_alloc(pudp, addr))
		return NULL;
	BUG_ON(pud_large(*pudp));
	pmdp = pmd_offset(pudp, addr);
	if (pmd_none(*pmdp) && pte_alloc(pmdp, addr))
		return NULL;
	BUG_ON(pmd_large(*pmdp));
	return pte_offset(pmdp, addr);
}

/* --- visiting the PTEs of a range --- */

/*
 * The end of the current table's span, or end if that comes first.
 * Compares boundary - 1 with end - 1 so that end == 0 (the top of the
 * address space) works, as in Linux.
 */
static unsigned long span_end(unsigned long addr, unsigned long end,
			      unsigned long span)
{
	unsigned long boundary = (addr + span) & ~(span - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

static int apply_pte_range(pmd_t *pmdp, unsigned long addr,
			   unsigned long end, pte_fn_t fn, void *data)
{
	pte_t *ptep = pte_offset(pmdp, addr);
	int err;

	for (; addr != end; ptep++, addr += PAGE_SIZE) {
		err = fn(ptep, addr, data);
		if (err)
			return err;
	}
	return 0;
}

static int apply_pmd_range(pud_t *pudp, unsigned long addr,
			   unsigned long end, pte_fn_t fn, void *data)
{
	pmd_t *pmdp = pmd_offset(pudp, addr);
	unsigned long next;
	int err;

	for (; addr != end; pmdp++, addr = next) {
		next = span_end(addr, end, PMD_SIZE);
		if (!pmd_present(*pmdp))
			continue;
		err = apply_pte_range(pmdp, addr, next, fn, data);
		if (err)
			return err;
	}
	return 0;
}

static int apply_pud_range(pgd_t *pgdp, unsigned long addr,
			   unsigned long end, pte_fn_t fn, void *data)
{
	pud_t *pudp = pud_offset(pgdp, addr);
	unsigned long next;
	int err;

	for (; addr != end; pudp++, addr = next) {
		next = span_end(addr, end, PUD_SIZE);
		if (!pud_present(*pudp))
			continue;
		err = apply_pmd_range(pudp, addr, next, fn, data);
		if (err)
			return err;
	}
	return 0;
}

int apply_to_existing_page_range(pgd_t *pgd, unsigned long addr,
				 unsigned long size, pte_fn_t fn, void *data)
{
	unsigned long end = addr + size;
	pgd_t *pgdp = pgd_offset(pgd, addr);
	unsigned long next;
	int err;

	BUG_ON(!IS_ALIGNED(addr | size, PAGE_SIZE));
	for (; addr != end; pgdp++, addr = next) {
		next = span_end(addr, end, PGDIR_SIZE);
		if (!pgd_present(*pgdp))
			continue;
		err = apply_pud_range(pgdp, addr, next, fn, data);
		if (err)
			return err;
	}
	return 0;
}

/* --- map, unmap, protect --- */

static int clear_one(pte_t *ptep, unsigned long addr, void *data)
{
	(void)data;
	if (pte_present(ptep_get_and_clear(ptep)))
		flush_tlb_one(addr);
	return 0;
}

void unmap_range(pgd_t *pgd, unsigned long va, unsigned long size)
{
	apply_to_existing_page_range(pgd, va, size, clear_one, NULL);
}

int map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa,
	      unsigned long size, pgprot_t prot)
{
	unsigned long done;
	int err = 0;

	BUG_ON(!IS_ALIGNED(va | pa | size, PAGE_SIZE));
	for (done = 0; done < size; done += PAGE_SIZE) {
		pte_t *ptep = pte_alloc_walk(pgd, va + done);

		if (!ptep) {
			err = -ENOMEM;
			break;
		}
		if (!pte_none(*ptep)) {
			err = -EEXIST;
			break;
		}
		set_pte(ptep, pfn_pte((pa + done) >> PAGE_SHIFT, prot));
	}
	if (err)
		unmap_range(pgd, va, done);
	return err;
}

static int protect_one(pte_t *ptep, unsigned long addr, void *data)
{
	const pgprot_t *prot = data;
	pte_t pte = ptep_get(ptep);

	if (pte_present(pte)) {
		set_pte(ptep, pte_modify(pte, *prot));
		flush_tlb_one(addr);
	}
	return 0;
}

void protect_range(pgd_t *pgd, unsigned long va, unsigned long size,
		   pgprot_t prot)
{
	apply_to_existing_page_range(pgd, va, size, protect_one, &prot);
}

/* --- freeing tables --- */

static void free_table(void *table)
{
	__free_page(virt_to_page(table));
}

static void free_pte_table(pmd_t *pmdp, unsigned long addr)
{
	pte_t *pte = pte_offset(pmdp, addr);

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (!pte_none(pte[i]))
			panic("free_pgtables: pte %#lx still set at %p",
			      pte_val(pte[i]), (void *)(addr + i * PAGE_SIZE));
	free_table(pte);
	*pmdp = __pmd(0);
}

static void free_pmd_table(pud_t *pudp, unsigned long addr)
{
	pmd_t *pmd = pmd_offset(pudp, addr);

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (pmd_present(pmd[i]))
			free_pte_table(&pmd[i], addr + i * PMD_SIZE);
	free_table(pmd);
	*pudp = __pud(0);
}

static void free_pud_table(pgd_t *pgdp, unsigned long addr)
{
	pud_t *pud = pud_offset(pgdp, addr);

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (pud_present(pud[i]))
			free_pmd_table(&pud[i], addr + i * PUD_SIZE);
	free_table(pud);
	*pgdp = __pgd(0);
}

void free_pgtables(pgd_t *pgd)
{
	for (int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		if (pgd_present(pgd[i]))
			free_pud_table(&pgd[i], i * PGDIR_SIZE);
	/* The CPU may cache upper-level entries too: drop them. */
	if (pgd == current_pgd())
		flush_tlb_all();
}

/* --- whole address spaces --- */

pgd_t *pgd_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	pgd_t *pgd;

	if (!page)
		return NULL;
	pgd = page_address(page);
	memcpy(pgd + KERNEL_PGD_BOUNDARY, kernel_pgd() + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_BOUNDARY * sizeof(pgd_t));
	return pgd;
}

void pgd_free(pgd_t *pgd)
{
	BUG_ON(pgd == kernel_pgd() || pgd == current_pgd());
	free_pgtables(pgd);
	free_table(pgd);
}

int preallocate_kernel_puds(pgd_t *pgd, unsigned long start,
			    unsigned long end)
{
	pgd_t *pgdp = pgd_offset(pgd, start);
	unsigned long addr, next;

	BUG_ON(!is_kernel_addr(start));
	for (addr = start; addr != end; pgdp++, addr = next) {
		u64 table;

		next = span_end(addr, end, PGDIR_SIZE);
		if (!pgd_none(*pgdp))
			continue;
		table = alloc_table(addr);
		if (!table)
			return -ENOMEM;
		*pgdp = __pgd(table);
	}
	return 0;
}

void load_cr3(pgd_t *pgd)
{
	write_cr3(__pa(pgd));
}

pgd_t *current_pgd(void)
{
	return __va(read_cr3() & PTE_PFN_MASK);
}

/* --- TLB --- */

void flush_tlb_one(unsigned long addr)
{
	invlpg(addr);
}

void flush_tlb_all(void)
{
	u64 cr4 = read_cr4();

	/* Toggling CR4.PGE drops global entries too; a CR3 write would not. */
	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}
