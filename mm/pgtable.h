/*
 * pgtable.h - x86-64 4-level page tables: entry types, bits and helpers.
 *
 * A virtual address splits 9-9-9-9-12 (bits 63..48 copy bit 47):
 *
 *   63    48 47     39 38     30 29     21 20     12 11          0
 *  +--------+---------+---------+---------+---------+-------------+
 *  |  sign  |   PGD   |   PUD   |   PMD   |   PTE   |   offset    |
 *  |  ext.  |  index  |  index  |  index  |  index  |   in page   |
 *  +--------+---------+---------+---------+---------+-------------+
 *
 *   CR3 -> PGD -> PUD -> PMD -> PTE -> 4 KiB page
 *  (Intel: PML4 -> PDPT -> PD -> PT.) Each table is one page of 512
 *  8-byte entries; PGD slots 0..255 are user space, 256..511 the kernel.
 *
 * An entry, at any level (G and D mean something only in a PTE):
 *
 *   63 62       52 51                           12 11  9 8 7 6 5 4 3 2 1 0
 *  +--+-----------+-------------------------------+-----+-+-+-+-+-+-+-+-+-+
 *  |NX| (ignored) | physical frame number (PFN)   | ign |G|S|D|A|C|W|U|R|P|
 *  +--+-----------+-------------------------------+-----+-+-+-+-+-+-+-+-+-+
 *   P present     R writable        U user-accessible
 *   W write-through  C cache disable   A accessed (set by the CPU)
 *   D dirty (set by the CPU on write)  S page size (PMD/PUD: huge page;
 *   PTE: PAT - faultline never sets it)  G global (kept across CR3 loads)
 *   NX no execute (EFER.NXE on)
 *
 * The CPU combines the levels: an access is allowed only if every level
 * allows it (writable needs R everywhere, user needs U everywhere, a fetch
 * needs NX nowhere). faultline's tables above the PTE level allow
 * everything for their half (user: P R U; kernel: P R), so the PTE alone
 * decides. A non-present PTE (P = 0) is ignored by the CPU; the kernel
 * keeps swap entries in it (mm/swap*.h, a later layer).
 *
 * The kernel half is shared. Every address space's PGD copies slots
 * 256..511 of the kernel's PGD (pgd_alloc()), so those slots point at the
 * same PUD tables everywhere. A kernel mapping added later lands in a
 * shared PUD (or a table below it) and is seen by every address space at
 * once. That holds only if no kernel PGD slot is ever filled after boot:
 * paging_init() preallocates the PUD tables of every kernel region
 * (mm/mm.h) and pte_alloc_walk() refuses to create one for a kernel
 * address.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include "mm/mm.h"

/* Entry bits: real positions, for reading raw `x/gx` output in GDB. */
#define _PAGE_PRESENT BIT(0)
#define _PAGE_RW BIT(1)
#define _PAGE_USER BIT(2)
#define _PAGE_PWT BIT(3)
#define _PAGE_PCD BIT(4)
#define _PAGE_ACCESSED BIT(5)
#define _PAGE_DIRTY BIT(6)
#define _PAGE_PSE BIT(7) /* huge page in a PMD/PUD; never made here */
#define _PAGE_GLOBAL BIT(8)
/*
 * PROT_NONE pages (Linux's trick): the PTE keeps its frame but P = 0, so
 * the CPU faults on any access; bit 8 (G, meaningless in a user PTE) says
 * "present to the kernel". That keeps it apart from a swap entry, whose
 * bits 1-8 (but for E and S) are 0.
 */
#define _PAGE_PROTNONE _PAGE_GLOBAL
#define _PAGE_NX BIT(63)
/* Bits 12..51: the physical address of the page or next table. */
#define PTE_PFN_MASK 0x000ffffffffff000UL
/* What pte_modify() keeps: the frame and the CPU-set A and D bits. */
#define _PAGE_CHG_MASK (PTE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Entries pointing at a lower table: permissive, so the PTE decides. */
#define _PAGE_TABLE \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Level geometry. */
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
#define PTRS_PER_TABLE 512
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PUD_MASK (~(PUD_SIZE - 1))
#define PMD_MASK (~(PMD_SIZE - 1))
/* First PGD slot of the kernel half (0xffff800000000000). */
#define KERNEL_PGD_BOUNDARY (PTRS_PER_TABLE / 2)
/* User space ends where the lower canonical half does. */
#define USER_SPACE_END (KERNEL_PGD_BOUNDARY * PGDIR_SIZE)

/* One entry of each level; struct wrappers so they never mix with
 * integers or with each other. */
typedef struct { u64 pte; } pte_t;
typedef struct { u64 pmd; } pmd_t;
typedef struct { u64 pud; } pud_t;
typedef struct { u64 pgd; } pgd_t;
typedef struct { u64 pgprot; } pgprot_t; /* the non-PFN bits of a PTE */

#define __pte(x) ((pte_t){ (x) })
#define __pmd(x) ((pmd_t){ (x) })
#define __pud(x) ((pud_t){ (x) })
#define __pgd(x) ((pgd_t){ (x) })
#define __pgprot(x) ((pgprot_t){ (x) })
#define pte_val(x) ((x).pte)
#define pmd_val(x) ((x).pmd)
#define pud_val(x) ((x).pud)
#define pgd_val(x) ((x).pgd)
#define pgprot_val(x) ((x).pgprot)

/* Kernel protections (G: the kernel half is the same in every CR3). */
#define PAGE_KERNEL                                                      \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | \
		 _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO \
	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_ROX \
	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)

/*
 * User protections: Linux's x86-64 protection_map (../shared/DESIGN.md).
 * PAGE_COPY has no RW: a private writable page starts read-only and is
 * made writable per page (copy-on-write). PAGE_NONE is never made present.
 */
#define PAGE_NONE __pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_READONLY \
	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_COPY PAGE_READONLY
#define PAGE_SHARED                                                 \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
		 _PAGE_NX)
#define PAGE_READONLY_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_COPY_EXEC PAGE_READONLY_EXEC
#define PAGE_SHARED_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

/* --- PTE helpers: a pte_t is only ever read or changed through these --- */

static inline bool pte_none(pte_t pte)
{
	return !pte_val(pte);
}
/* Maps a frame (for the kernel's bookkeeping): P, or a PROT_NONE page. */
static inline bool pte_present(pte_t pte)
{
	return pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE);
}
static inline bool pte_write(pte_t pte)
{
	return pte_val(pte) & _PAGE_RW;
}
static inline bool pte_dirty(pte_t pte)
{
	return pte_val(pte) & _PAGE_DIRTY;
}
static inline bool pte_young(pte_t pte)
{
	return pte_val(pte) & _PAGE_ACCESSED;
}
static inline bool pte_user(pte_t pte)
{
	return pte_val(pte) & _PAGE_USER;
}
static inline bool pte_global(pte_t pte)
{
	return pte_val(pte) & _PAGE_GLOBAL;
}
static inline bool pte_exec(pte_t pte)
{
	return !(pte_val(pte) & _PAGE_NX);
}
static inline bool pte_same(pte_t a, pte_t b)
{
	return pte_val(a) == pte_val(b);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte_val(pte) & PTE_PFN_MASK) >> PAGE_SHIFT;
}
static inline struct page *pte_page(pte_t pte)
{
	return pfn_to_page(pte_pfn(pte));
}
static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~PTE_PFN_MASK);
}
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte((pfn << PAGE_SHIFT) | pgprot_val(prot));
}
/* The PTE that maps page with protection prot. */
static inline pte_t mk_pte(struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

static inline pte_t pte_set_flags(pte_t pte, u64 set)
{
	return __pte(pte_val(pte) | set);
}
static inline pte_t pte_clear_flags(pte_t pte, u64 clear)
{
	return __pte(pte_val(pte) & ~clear);
}
static inline pte_t pte_mkwrite(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_RW);
}
static inline pte_t pte_wrprotect(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_RW);
}
static inline pte_t pte_mkdirty(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_DIRTY);
}
static inline pte_t pte_mkclean(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_DIRTY);
}
static inline pte_t pte_mkyoung(pte_t pte)
{
	return pte_set_flags(pte, _PAGE_ACCESSED);
}
static inline pte_t pte_mkold(pte_t pte)
{
	return pte_clear_flags(pte, _PAGE_ACCESSED);
}
/* Same frame, new protection; keeps what the CPU recorded (A, D). */
static inline pte_t pte_modify(pte_t pte, pgprot_t prot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) |
		     (pgprot_val(prot) & ~_PAGE_CHG_MASK));
}

/* One aligned 8-byte store: the CPU never sees half an entry. */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(ptep->pte, pte_val(pte));
}
static inline pte_t ptep_get(pte_t *ptep)
{
	return __pte(READ_ONCE(ptep->pte));
}
static inline void pte_clear(pte_t *ptep)
{
	set_pte(ptep, __pte(0));
}
/* Clear the entry and return what it was (the CPU may have just set A/D
 * in it, so read and clear in one instruction). */
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	return __pte(__atomic_exchange_n(&ptep->pte, 0, __ATOMIC_SEQ_CST));
}

/* --- upper levels: present/none and following an entry down --- */

static inline bool pgd_none(pgd_t e)
{
	return !pgd_val(e);
}
static inline bool pud_none(pud_t e)
{
	return !pud_val(e);
}
static inline bool pmd_none(pmd_t e)
{
	return !pmd_val(e);
}
static inline bool pgd_present(pgd_t e)
{
	return pgd_val(e) & _PAGE_PRESENT;
}
static inline bool pud_present(pud_t e)
{
	return pud_val(e) & _PAGE_PRESENT;
}
static inline bool pmd_present(pmd_t e)
{
	return pmd_val(e) & _PAGE_PRESENT;
}
static inline bool pud_large(pud_t e)
{
	return pud_val(e) & _PAGE_PSE;
}
static inline bool pmd_large(pmd_t e)
{
	return pmd_val(e) & _PAGE_PSE;
}

static inline unsigned int pgd_index(unsigned long addr)
{
	return (addr >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1);
}
static inline unsigned int pud_index(unsigned long addr)
{
	return (addr >> PUD_SHIFT) & (PTRS_PER_TABLE - 1);
}
static inline unsigned int pmd_index(unsigned long addr)
{
	return (addr >> PMD_SHIFT) & (PTRS_PER_TABLE - 1);
}
static inline unsigned int pte_index(unsigned long addr)
{
	return (addr >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1);
}

/* The entry for addr in the table pgd (Linux passes the mm instead). */
static inline pgd_t *pgd_offset(pgd_t *pgd, unsigned long addr)
{
	return pgd + pgd_index(addr);
}
/* The entry for addr in the table that *pgdp points to; and so on. */
static inline pud_t *pud_offset(pgd_t *pgdp, unsigned long addr)
{
	return (pud_t *)__va(pgd_val(*pgdp) & PTE_PFN_MASK) + pud_index(addr);
}
static inline pmd_t *pmd_offset(pud_t *pudp, unsigned long addr)
{
	return (pmd_t *)__va(pud_val(*pudp) & PTE_PFN_MASK) + pmd_index(addr);
}
static inline pte_t *pte_offset(pmd_t *pmdp, unsigned long addr)
{
	return (pte_t *)__va(pmd_val(*pmdp) & PTE_PFN_MASK) + pte_index(addr);
}

static inline bool is_kernel_addr(unsigned long addr)
{
	return pgd_index(addr) >= KERNEL_PGD_BOUNDARY;
}

/* --- the walk --- */

/* The PTE for addr, or NULL if a table on the way is missing. */
pte_t *pte_lookup(pgd_t *pgd, unsigned long addr);
/* The PTE for addr, creating missing tables; NULL if out of memory. */
pte_t *pte_alloc_walk(pgd_t *pgd, unsigned long addr);

/*
 * Map [va, va + size) to [pa, pa + size) with prot, page by page. Every
 * PTE must be none: -EEXIST otherwise, -ENOMEM without table memory; on
 * failure nothing stays mapped. The caller keeps owning the frames.
 */
int map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa,
	      unsigned long size, pgprot_t prot);
/* Clear every PTE in the range (frames are not freed); flushes the TLB. */
void unmap_range(pgd_t *pgd, unsigned long va, unsigned long size);
/* Give every present PTE in the range protection prot (pte_modify);
 * flushes the TLB. Non-present entries are left alone. */
void protect_range(pgd_t *pgd, unsigned long va, unsigned long size,
		   pgprot_t prot);

/*
 * Call fn on every PTE slot (none or not) of [addr, addr + size) whose
 * page table exists, skipping missing tables. Stops at the first non-zero
 * return and passes it back. addr + size may wrap to 0 (the top of the
 * kernel half).
 */
typedef int (*pte_fn_t)(pte_t *pte, unsigned long addr, void *data);
int apply_to_existing_page_range(pgd_t *pgd, unsigned long addr,
				 unsigned long size, pte_fn_t fn, void *data);

/* --- whole address spaces --- */

/* The kernel's own PGD (Linux: init_mm.pgd), built by paging_init(). */
pgd_t *kernel_pgd(void);
/* A new PGD: empty user half, kernel half shared with kernel_pgd(). */
pgd_t *pgd_alloc(void);
/* Free the user half's tables and the PGD (must not be loaded in CR3). */
void pgd_free(pgd_t *pgd);
/* Free every user-half table. All PTEs must already be none (the caller
 * has unmapped its pages and swap entries): a leftover one panics. */
void free_pgtables(pgd_t *pgd);
/* Create the PUD tables of the kernel PGD slots covering [start, end). */
int preallocate_kernel_puds(pgd_t *pgd, unsigned long start,
			    unsigned long end);

/* Switch address space; and which one is loaded. */
void load_cr3(pgd_t *pgd);
pgd_t *current_pgd(void);

/* --- TLB --- */

/* Forget the cached translation of one page (global ones too). */
void flush_tlb_one(unsigned long addr);
/* Forget every cached translation, global ones included. */
void flush_tlb_all(void);

#endif
