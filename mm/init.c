/*
 * init.c - mm_init(): from the boot page tables to the kernel's own.
 *
 * boot/boot32.asm left the first GiB mapped twice with 2 MiB pages, all
 * writable and executable: identity (PGD slot 0) and at KERNEL_VMA. mm_init
 * builds the kernel's PGD and switches to it:
 *
 *   - the direct map: all RAM at PAGE_OFFSET, 4 KiB pages, RW NX global;
 *   - the kernel image by section: text R X, rodata R NX, data and bss
 *     RW NX, global; the boot stack's guard page is left unmapped;
 *   - the PUD tables of every kernel region, so the kernel half can be
 *     shared by copying PGD slots (see mm/pgtable.h);
 *   - nothing in the user half: the identity map is gone, NULL faults.
 *
 * and turns on the CPU's side: EFER.NXE (NX bits count), CR0.WP (ring 0
 * honours read-only PTEs, which copy-on-write depends on), CR4.PGE (global
 * pages survive CR3 loads), SMEP and SMAP when CPUID leaf 7 has them.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sections.h"
#include "mm/internal.h"
#include "mm/pgtable.h"

#define CPUID_LEAF_EXT_FEATURES 7

/* boot/head64.asm: the boot PGD, in use until paging_init(). */
extern pgd_t early_pml4[];

static pgd_t *init_pgd;
static bool has_smep, has_smap;

pgd_t *kernel_pgd(void)
{
	return init_pgd;
}

bool cpu_has_smap(void)
{
	return has_smap;
}

bool cpu_has_smep(void)
{
	return has_smep;
}

static void detect_cpu_features(void)
{
	u32 max_leaf, ebx, ecx, edx;

	cpuid(0, 0, &max_leaf, &ebx, &ecx, &edx);
	if (max_leaf < CPUID_LEAF_EXT_FEATURES)
		return;
	cpuid(CPUID_LEAF_EXT_FEATURES, 0, &max_leaf, &ebx, &ecx, &edx);
	has_smep = ebx & CPUID7_EBX_SMEP;
	has_smap = ebx & CPUID7_EBX_SMAP;
}

/*
 * Until paging_init() is done, __va() must still work for the frames mm
 * uses to build its tables. Point the direct map's PGD slot at the boot
 * PUD table of slot 0: PAGE_OFFSET + x then reaches physical x for x below
 * EARLY_MAP_LIMIT, and page_alloc_init() hands out only such frames.
 */
static void early_direct_map(void)
{
	BUG_ON(pud_index(PAGE_OFFSET) != 0);
	early_pml4[pgd_index(PAGE_OFFSET)] = early_pml4[0];
}

static void map_or_panic(pgd_t *pgd, unsigned long va, unsigned long end,
			 pgprot_t prot, const char *what)
{
	int err = map_range(pgd, va, __pa(va), end - va, prot);

	if (err)
		panic("paging_init: cannot map %s (%d)", what, err);
}

static void map_direct_map(pgd_t *pgd)
{
	phys_addr_t start, end;

	for (int i = 0; memblock_ram_range(i, &start, &end); i++)
		map_or_panic(pgd, (unsigned long)__va(start),
			     (unsigned long)__va(end), PAGE_KERNEL, "RAM");
}

static void map_kernel_image(pgd_t *pgd)
{
	unsigned long guard = (unsigned long)boot_stack_guard;

	map_or_panic(pgd, (unsigned long)_stext, (unsigned long)_etext,
		     PAGE_KERNEL_ROX, "kernel text");
	map_or_panic(pgd, (unsigned long)_srodata, (unsigned long)_erodata,
		     PAGE_KERNEL_RO, "kernel rodata");
	map_or_panic(pgd, (unsigned long)_sdata, (unsigned long)_edata,
		     PAGE_KERNEL, "kernel data");
	/* bss around the guard page: a boot-stack overflow faults. */
	map_or_panic(pgd, (unsigned long)__bss_start, guard, PAGE_KERNEL,
		     "kernel bss");
	map_or_panic(pgd, guard + PAGE_SIZE, (unsigned long)__bss_stop,
		     PAGE_KERNEL, "kernel bss");
}

static void enable_cpu_protections(void)
{
	u64 cr4 = read_cr4() | X86_CR4_PGE;

	if (has_smep)
		cr4 |= X86_CR4_SMEP;
	if (has_smap)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
}

static void paging_init(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long ram_end = (unsigned long)__va(memblock_end_of_ram());

	if (!page)
		panic("paging_init: no frame for the kernel PGD");
	init_pgd = page_address(page);
	if (preallocate_kernel_puds(init_pgd, PAGE_OFFSET, ram_end) ||
	    preallocate_kernel_puds(init_pgd, KSTACK_START, KSTACK_END) ||
	    preallocate_kernel_puds(init_pgd, KERNEL_VMA, (unsigned long)_end))
		panic("paging_init: no frames for the kernel PUD tables");
	map_direct_map(init_pgd);
	map_kernel_image(init_pgd);

	detect_cpu_features();
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | X86_CR0_WP);
	load_cr3(init_pgd);
	enable_cpu_protections();
}

static void report(void)
{
	phys_addr_t limit = memblock_limit();

	pr_info("mm: %lu MiB RAM in the direct map at %p\n",
		memblock_end_of_ram() >> 20, (void *)PAGE_OFFSET);
	if (limit < memblock_end_of_ram())
		pr_info("mm: mem= caps usable RAM at %lu MiB\n", limit >> 20);
	pr_info("mm: %lu frames usable, %lu free, %lu reserved\n",
		nr_total_frames(), nr_free_frames(), nr_reserved_frames());
	pr_info("mm: NX, WP, global pages on; SMEP %s, SMAP %s\n",
		has_smep ? "on" : "absent", has_smap ? "on" : "absent");
}

void mm_init(void)
{
	memblock_init(); /* RAM and reserved ranges, mem= */
	early_direct_map(); /* __va() below 1 GiB on the boot tables */
	page_alloc_init(); /* mem_map; frames below 1 GiB go free */
	paging_init(); /* kernel page tables, CR3 switched, protections on */
	page_alloc_init_late(); /* frames above 1 GiB go free */
	kstack_init(); /* page tables of the kernel-stack area */
	report();
}
