/*
 * zap.c - tearing down user mappings: zap_page_range() drops what PTEs
 * map, free_pgd_range() gives back page tables left empty.
 */
#include "mm/memory.h"
#include "kernel/panic.h"
#include "mm/rmap.h"
#include "mm/swap_state.h"

struct zap_ctx {
	struct vm_area_struct *vma;
};

static int zap_one(pte_t *ptep, unsigned long addr, void *data)
{
	struct zap_ctx *z = data;
	pte_t pte = ptep_get_and_clear(ptep);

	if (pte_none(pte))
		return 0;
	if (!pte_present(pte)) {
		zap_swap_pte(z->vma->vm_mm, pte);
		return 0;
	}
	struct page *page = vm_normal_page(z->vma, addr, pte);
	if (page) {
		if (pte_dirty(pte))
			SetPageDirty(page);
		page_remove_rmap(page, z->vma->vm_mm, addr);
		free_swap_cache(page);
		put_page(page);
		z->vma->vm_mm->stats.anon_rss--;
	}
	flush_tlb_one(addr);
	return 0;
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end)
{
	struct zap_ctx z = { .vma = vma };

	apply_to_existing_page_range(vma->vm_mm->pgd, start, end - start,
				     zap_one, &z);
}

static bool table_empty(const u64 *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

static void free_table(const void *table)
{
	__free_page(virt_to_page(table));
}

/* Free the PTE tables under one PMD table that [start, end) fully covers
 * or that are empty anyway; returns whether the PMD table is now empty. */
static bool free_pmd_range(pmd_t *pmd_table, unsigned long start,
			   unsigned long end)
{
	for (unsigned long a = start; a < end;
	     a = ALIGN_DOWN(a, PMD_SIZE) + PMD_SIZE) {
		pmd_t *pmd = &pmd_table[pmd_index(a)];
		if (!pmd_present(*pmd))
			continue;
		pte_t *pte_table = pte_offset(pmd, 0);
		if (table_empty((const u64 *)pte_table)) {
			WRITE_ONCE(pmd->pmd, 0);
			free_table(pte_table);
		}
		if (ALIGN_DOWN(a, PMD_SIZE) + PMD_SIZE < a)
			break; /* wrapped */
	}
	return table_empty((const u64 *)pmd_table);
}

/* The top level: PUD tables of user PGD slots in the range, if empty. */
static void free_pud_tables(pgd_t *pgd, unsigned long start,
			    unsigned long end)
{
	for (unsigned long a = ALIGN_DOWN(start, PGDIR_SIZE);
	     a < end && a < USER_SPACE_END; a += PGDIR_SIZE) {
		pgd_t *pgde = pgd_offset(pgd, a);
		if (!pgd_present(*pgde))
			continue;
		pud_t *pud_table = pud_offset(pgde, 0);
		if (table_empty((const u64 *)pud_table)) {
			WRITE_ONCE(pgde->pgd, 0);
			free_table(pud_table);
		}
	}
}

/*
 * Only tables whose every entry is none are freed: that is safe whatever
 * VMAs remain, because an empty table maps nothing. (Linux frees by VMA
 * boundaries instead; the result is the same for unmapped ranges.)
 */
void free_pgd_range(pgd_t *pgd, unsigned long start, unsigned long end)
{
	for (unsigned long a = start; a < end;
	     a = ALIGN_DOWN(a, PUD_SIZE) + PUD_SIZE) {
		pgd_t *pgde = pgd_offset(pgd, a);
		if (!pgd_present(*pgde))
			continue;
		pud_t *pud = pud_offset(pgde, a);
		if (!pud_present(*pud))
			continue;
		pmd_t *pmd_table = pmd_offset(pud, 0);
		unsigned long pud_end = MIN(end, ALIGN_DOWN(a, PUD_SIZE) +
							 PUD_SIZE);
		if (free_pmd_range(pmd_table, a, pud_end)) {
			WRITE_ONCE(pud->pud, 0);
			free_table(pmd_table);
		}
	}
	free_pud_tables(pgd, start, end);
	flush_tlb_all();
}
