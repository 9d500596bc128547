/*
 * paging.c - self-tests of the page-table layer (mm/pgtable.c) and of the
 * kernel address space mm_init builds (mm/init.c, mm/kstack.c).
 *
 * Tests that need a mapping the CPU can see build a scratch PGD with
 * pgd_alloc() (kernel half shared, user half empty), map into its user
 * half, load it in CR3 only around the probes, and check the results
 * after switching back, so an assertion never leaves it loaded.
 */
#include "kernel/errno.h"
#include "kernel/extable.h"
#include "kernel/ktest.h"
#include "kernel/sections.h"
#include "kernel/traps.h"
#include "mm/mm.h"
#include "mm/pgtable.h"

#define TEST_VA 0x40000000UL /* user half of a scratch PGD */
#define RET_INSN 0xc3 /* x86 `ret`: what probe_exec() jumps to */
#define KERNEL_HALF_START (~0UL << 47) /* 0xffff800000000000 */
#define KERNEL_HALF_SIZE (1UL << 47)

/* Supervisor-only, not global: for scratch mappings in a user half. */
#define PROT_KERNEL_RW                                                  \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | \
		 _PAGE_NX)
#define PROT_KERNEL_RO \
	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)

/* The outcome of one probe: its return value and the fault it took. */
struct probe {
	int ret;
	struct fixup_record fault;
};

static struct probe probe_read(const void *addr)
{
	struct probe p;
	u8 v;

	extable_reset_last_fault();
	p.ret = probe_read_u8(addr, &v);
	p.fault = *extable_last_fault();
	return p;
}

static struct probe probe_write(void *addr, u8 val)
{
	struct probe p;

	extable_reset_last_fault();
	p.ret = probe_write_u8(addr, val);
	p.fault = *extable_last_fault();
	return p;
}

static struct probe probe_fetch(void *addr)
{
	struct probe p;

	extable_reset_last_fault();
	p.ret = probe_exec(addr);
	p.fault = *extable_last_fault();
	return p;
}

/* The probe took a #PF at addr with exactly this error code. */
static void expect_pf(struct ktest *t, const struct probe *p, const void *addr,
		      u64 error_code)
{
	KT_EXPECT_EQ(t, p->ret, -EFAULT);
	KT_EXPECT_EQ(t, p->fault.vector, X86_TRAP_PF);
	KT_EXPECT_EQ(t, p->fault.cr2, (u64)addr);
	KT_EXPECT_EQ(t, p->fault.error_code, error_code);
}

/* A scratch PGD with one fresh page at TEST_VA, mapped with prot. */
struct scratch {
	pgd_t *pgd;
	struct page *page;
};

static void scratch_map(struct ktest *t, struct scratch *s, pgprot_t prot)
{
	s->pgd = pgd_alloc();
	KT_ASSERT_NOT_NULL(t, s->pgd);
	s->page = alloc_zeroed_user_page();
	KT_ASSERT_NOT_NULL(t, s->page);
	KT_ASSERT_EQ(t, map_range(s->pgd, TEST_VA,
				  page_to_pfn(s->page) << PAGE_SHIFT,
				  PAGE_SIZE, prot), 0);
}

static void scratch_free(struct scratch *s)
{
	unmap_range(s->pgd, TEST_VA, PAGE_SIZE);
	pgd_free(s->pgd);
	__free_page(s->page);
}

/* PTE helpers change exactly their own bit and keep the frame. */
static void pte_helpers_change_only_their_bit(struct ktest *t)
{
	pte_t pte = pfn_pte(0x1234, PAGE_READONLY);
	struct page *page = pfn_to_page(0x200);

	KT_EXPECT_EQ(t, pte_pfn(pte), 0x1234UL);
	KT_EXPECT_TRUE(t, pte_present(pte));
	KT_EXPECT_TRUE(t, pte_user(pte));
	KT_EXPECT_FALSE(t, pte_write(pte));
	KT_EXPECT_FALSE(t, pte_exec(pte));
	KT_EXPECT_FALSE(t, pte_none(pte));
	KT_EXPECT_EQ(t, pte_val(pte_mkwrite(pte)) ^ pte_val(pte), _PAGE_RW);
	KT_EXPECT_TRUE(t, pte_same(pte_wrprotect(pte_mkwrite(pte)), pte));
	KT_EXPECT_EQ(t, pte_val(pte_mkdirty(pte)) ^ pte_val(pte), _PAGE_DIRTY);
	KT_EXPECT_TRUE(t, pte_same(pte_mkclean(pte_mkdirty(pte)), pte));
	KT_EXPECT_FALSE(t, pte_young(pte_mkold(pte)));
	KT_EXPECT_TRUE(t, pte_same(pte_mkyoung(pte_mkold(pte)), pte));
	KT_EXPECT_TRUE(t, pte_none(__pte(0)));
	KT_EXPECT_FALSE(t, pte_present(__pte(0)));
	KT_EXPECT_EQ(t, pte_page(mk_pte(page, PAGE_SHARED)), page);
	KT_EXPECT_EQ(t, pgprot_val(pte_pgprot(pte)), pgprot_val(PAGE_READONLY));
	/* The private writable protection has no RW: copy-on-write. */
	KT_EXPECT_FALSE(t, pgprot_val(PAGE_COPY) & _PAGE_RW);
}

/* pte_modify swaps the protection but keeps the frame and A/D bits. */
static void pte_modify_keeps_frame_and_cpu_bits(struct ktest *t)
{
	pte_t pte = pte_mkdirty(pfn_pte(0x4321, PAGE_READONLY));
	pte_t mod = pte_modify(pte, PAGE_SHARED_EXEC);

	KT_EXPECT_EQ(t, pte_pfn(mod), 0x4321UL);
	KT_EXPECT_TRUE(t, pte_dirty(mod));
	KT_EXPECT_TRUE(t, pte_young(mod));
	KT_EXPECT_TRUE(t, pte_write(mod));
	KT_EXPECT_TRUE(t, pte_exec(mod));
	KT_EXPECT_TRUE(t, pte_user(mod));
}

/* pte_lookup never allocates; pte_alloc_walk makes exactly the missing
 * tables; free_pgtables gives every one back. */
static void walk_allocates_only_missing_tables(struct ktest *t)
{
	pgd_t *pgd = pgd_alloc();
	unsigned long free0;

	KT_ASSERT_NOT_NULL(t, pgd);
	free0 = nr_free_frames();
	KT_EXPECT_NULL(t, pte_lookup(pgd, TEST_VA));
	KT_EXPECT_EQ(t, nr_free_frames(), free0);
	KT_EXPECT_NOT_NULL(t, pte_alloc_walk(pgd, TEST_VA));
	KT_EXPECT_EQ(t, nr_free_frames(), free0 - 3); /* PUD, PMD, PT */
	KT_EXPECT_EQ(t, pte_alloc_walk(pgd, TEST_VA), pte_lookup(pgd, TEST_VA));
	KT_EXPECT_NOT_NULL(t, pte_alloc_walk(pgd, TEST_VA + PAGE_SIZE));
	KT_EXPECT_EQ(t, nr_free_frames(), free0 - 3);
	KT_EXPECT_NOT_NULL(t, pte_alloc_walk(pgd, TEST_VA + PMD_SIZE));
	KT_EXPECT_EQ(t, nr_free_frames(), free0 - 4); /* + PT */
	KT_EXPECT_NOT_NULL(t, pte_alloc_walk(pgd, TEST_VA + PUD_SIZE));
	KT_EXPECT_EQ(t, nr_free_frames(), free0 - 6); /* + PMD, PT */
	KT_EXPECT_NOT_NULL(t, pte_alloc_walk(pgd, TEST_VA + PGDIR_SIZE));
	KT_EXPECT_EQ(t, nr_free_frames(), free0 - 9); /* + PUD, PMD, PT */
	free_pgtables(pgd);
	KT_EXPECT_EQ(t, nr_free_frames(), free0);
	KT_EXPECT_NULL(t, pte_lookup(pgd, TEST_VA));
	pgd_free(pgd);
}

/* map_range writes the PTE pte_lookup finds, through user tables that are
 * P|RW|US (the leaf decides); unmap_range clears it. */
static void map_lookup_unmap_round_trip(struct ktest *t)
{
	struct scratch s;
	pgd_t *pgdp;
	pud_t *pudp;
	pmd_t *pmdp;
	pte_t *ptep;
	u64 table = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;

	scratch_map(t, &s, PAGE_READONLY);
	ptep = pte_lookup(s.pgd, TEST_VA);
	KT_ASSERT_NOT_NULL(t, ptep);
	KT_EXPECT_EQ(t, pte_val(*ptep),
		     pte_val(mk_pte(s.page, PAGE_READONLY)));
	pgdp = pgd_offset(s.pgd, TEST_VA);
	pudp = pud_offset(pgdp, TEST_VA);
	pmdp = pmd_offset(pudp, TEST_VA);
	KT_EXPECT_EQ(t, pgd_val(*pgdp) & (table | _PAGE_NX), table);
	KT_EXPECT_EQ(t, pud_val(*pudp) & (table | _PAGE_NX), table);
	KT_EXPECT_EQ(t, pmd_val(*pmdp) & (table | _PAGE_NX), table);
	KT_EXPECT_EQ(t, map_range(s.pgd, TEST_VA, 0, PAGE_SIZE, PAGE_SHARED),
		     -EEXIST);
	unmap_range(s.pgd, TEST_VA, PAGE_SIZE);
	KT_EXPECT_TRUE(t, pte_none(*ptep));
	scratch_free(&s);
}

/* A map_range that fails part-way leaves nothing of its own behind. */
static void failed_map_range_undoes_its_work(struct ktest *t)
{
	struct scratch s;
	unsigned long busy = TEST_VA + 2 * PAGE_SIZE;
	pte_t before;

	scratch_map(t, &s, PAGE_READONLY);
	KT_ASSERT_EQ(t, map_range(s.pgd, busy, 0, PAGE_SIZE, PAGE_READONLY), 0);
	before = *pte_lookup(s.pgd, busy);
	KT_EXPECT_EQ(t, map_range(s.pgd, TEST_VA + PAGE_SIZE, 0,
				  4 * PAGE_SIZE, PAGE_SHARED), -EEXIST);
	KT_EXPECT_TRUE(t, pte_none(*pte_lookup(s.pgd, TEST_VA + PAGE_SIZE)));
	KT_EXPECT_TRUE(t, pte_same(*pte_lookup(s.pgd, busy), before));
	KT_EXPECT_TRUE(t, pte_none(*pte_lookup(s.pgd, busy + PAGE_SIZE)));
	unmap_range(s.pgd, busy, PAGE_SIZE);
	scratch_free(&s);
}

/* protect_range rewrites present PTEs only, keeping frame and A/D. */
static void protect_range_changes_only_protection(struct ktest *t)
{
	struct scratch s;
	pte_t *ptep;

	scratch_map(t, &s, PAGE_SHARED);
	ptep = pte_lookup(s.pgd, TEST_VA);
	set_pte(ptep, pte_mkdirty(*ptep)); /* as if the CPU had written */
	protect_range(s.pgd, TEST_VA, 2 * PAGE_SIZE, PAGE_READONLY);
	KT_EXPECT_EQ(t, pte_pfn(*ptep), page_to_pfn(s.page));
	KT_EXPECT_FALSE(t, pte_write(*ptep));
	KT_EXPECT_TRUE(t, pte_dirty(*ptep));
	KT_EXPECT_TRUE(t, pte_young(*ptep));
	KT_EXPECT_TRUE(t, pte_none(*pte_lookup(s.pgd, TEST_VA + PAGE_SIZE)));
	scratch_free(&s);
}

/* A new PGD shares the kernel half and has an empty user half; a kernel
 * mapping made afterwards is visible through it. */
static void new_pgd_shares_the_kernel_half(struct ktest *t)
{
	pgd_t *pgd = pgd_alloc();
	bool visible = false;
	void *top;
	pte_t *ptep;

	KT_ASSERT_NOT_NULL(t, pgd);
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		u64 want = 0;

		if (i >= KERNEL_PGD_BOUNDARY)
			want = pgd_val(kernel_pgd()[i]);
		if (pgd_val(pgd[i]) != want)
			KT_FAIL(t, "PGD slot %d is %#lx, want %#lx", i,
				pgd_val(pgd[i]), want);
	}
	top = kstack_alloc();
	if (top) {
		ptep = pte_lookup(pgd, (unsigned long)top - PAGE_SIZE);
		visible = ptep && pte_present(*ptep);
		kstack_free(top);
	}
	pgd_free(pgd);
	KT_EXPECT_NOT_NULL(t, top);
	KT_EXPECT_TRUE(t, visible);
}

/* NULL and the boot identity map are gone: kernel reads there fault. */
static void null_and_identity_map_fault(struct ktest *t)
{
	struct probe p = probe_read(NULL);
	void *kernel_phys = (void *)__pa(_stext);

	expect_pf(t, &p, NULL, 0);
	p = probe_read(kernel_phys);
	expect_pf(t, &p, kernel_phys, 0);
	for (int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		if (!pgd_none(kernel_pgd()[i]))
			KT_FAIL(t, "kernel PGD user slot %d is set", i);
}

/* CR0.WP: kernel writes to rodata and to text fault. The probe writes
 * the byte that is already there, so a missing protection harms nothing. */
static void kernel_write_to_readonly_page_faults(struct ktest *t)
{
	static const u8 ro_byte = 0x5a;
	u8 *targets[] = { (u8 *)&ro_byte, (u8 *)_stext };

	KT_EXPECT_TRUE(t, read_cr0() & X86_CR0_WP);
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		struct probe p = probe_write(targets[i], *targets[i]);

		expect_pf(t, &p, targets[i], X86_PF_PROT | X86_PF_WRITE);
	}
}

static long return_zero(void)
{
	return 0;
}

/* NX: fetching from kernel data, bss and the direct map (heap) faults;
 * fetching from kernel text does not. */
static void kernel_fetch_from_nx_page_faults(struct ktest *t)
{
	static u8 in_data[2] = { RET_INSN, 1 };
	static u8 in_bss;
	u8 *in_heap = kmalloc(16, GFP_KERNEL);
	u8 *targets[] = { in_data, &in_bss, in_heap };
	struct probe p;

	KT_ASSERT_NOT_NULL(t, in_heap);
	in_bss = RET_INSN;
	*in_heap = RET_INSN;
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		p = probe_fetch(targets[i]);
		expect_pf(t, &p, targets[i], X86_PF_PROT | X86_PF_INSTR);
	}
	kfree(in_heap);
	p = probe_fetch((void *)return_zero);
	KT_EXPECT_EQ(t, p.ret, 0);
}

/* SMAP: a kernel read of a user page faults, except between
 * user_access_begin() and user_access_end(). */
static void smap_stops_kernel_access_to_user_page(struct ktest *t)
{
	struct scratch s;
	struct probe denied, allowed;

	if (!cpu_has_smap())
		ktest_skip(t, "the CPU has no SMAP");
	scratch_map(t, &s, PAGE_SHARED);
	load_cr3(s.pgd);
	denied = probe_read((void *)TEST_VA);
	user_access_begin();
	allowed = probe_read((void *)TEST_VA);
	user_access_end();
	load_cr3(kernel_pgd());
	scratch_free(&s);

	expect_pf(t, &denied, (void *)TEST_VA, X86_PF_PROT);
	KT_EXPECT_EQ(t, allowed.ret, 0);
}

/* SMEP: the kernel cannot execute code in a user page. */
static void smep_stops_kernel_exec_of_user_page(struct ktest *t)
{
	struct scratch s;
	struct probe p;

	if (!cpu_has_smep())
		ktest_skip(t, "the CPU has no SMEP");
	scratch_map(t, &s, PAGE_READONLY_EXEC);
	*(u8 *)page_address(s.page) = RET_INSN;
	load_cr3(s.pgd);
	p = probe_fetch((void *)TEST_VA);
	load_cr3(kernel_pgd());
	scratch_free(&s);

	expect_pf(t, &p, (void *)TEST_VA, X86_PF_PROT | X86_PF_INSTR);
}

/* protect_range and unmap_range bind the CPU at once: the stale TLB entry
 * from a successful write is flushed, so the next write / read faults. */
static void cpu_sees_protect_and_unmap_at_once(struct ktest *t)
{
	struct scratch s;
	void *va = (void *)TEST_VA;
	struct probe wrote, ro_write, ro_read, gone;

	scratch_map(t, &s, PROT_KERNEL_RW);
	load_cr3(s.pgd);
	wrote = probe_write(va, 0x77);
	protect_range(s.pgd, TEST_VA, PAGE_SIZE, PROT_KERNEL_RO);
	ro_write = probe_write(va, 0x88);
	ro_read = probe_read(va);
	unmap_range(s.pgd, TEST_VA, PAGE_SIZE);
	gone = probe_read(va);
	load_cr3(kernel_pgd());

	KT_EXPECT_EQ(t, wrote.ret, 0);
	KT_EXPECT_EQ(t, *(u8 *)page_address(s.page), 0x77);
	expect_pf(t, &ro_write, va, X86_PF_PROT | X86_PF_WRITE);
	KT_EXPECT_EQ(t, ro_read.ret, 0);
	expect_pf(t, &gone, va, 0);
	scratch_free(&s);
}

/* The boot stack's guard page is unmapped: an overflow faults. */
static void boot_stack_guard_page_faults(struct ktest *t)
{
	struct probe p = probe_read(boot_stack_guard + PAGE_SIZE - 1);

	expect_pf(t, &p, boot_stack_guard + PAGE_SIZE - 1, 0);
	p = probe_read(boot_stack_bottom);
	KT_EXPECT_EQ(t, p.ret, 0);
}

/* A kernel stack is RW NX and global, has an unmapped guard page below,
 * and is unmapped again (frames returned) by kstack_free. */
static void kernel_stack_has_guard_page(struct ktest *t)
{
	u8 *top = kstack_alloc();
	u8 *bottom = top - KSTACK_SIZE;
	struct probe p;
	pte_t pte;

	KT_ASSERT_NOT_NULL(t, top);
	pte = *pte_lookup(kernel_pgd(), (unsigned long)bottom);
	KT_EXPECT_TRUE(t, pte_write(pte));
	KT_EXPECT_TRUE(t, pte_global(pte));
	KT_EXPECT_FALSE(t, pte_exec(pte));
	KT_EXPECT_FALSE(t, pte_user(pte));
	KT_EXPECT_EQ(t, probe_write(top - 1, 1).ret, 0);
	KT_EXPECT_EQ(t, probe_write(bottom, 1).ret, 0);
	p = probe_write(bottom - 1, 1);
	expect_pf(t, &p, bottom - 1, X86_PF_WRITE);
	kstack_free(top);
	p = probe_read(top - 1);
	expect_pf(t, &p, top - 1, 0);
}

struct wx_scan {
	unsigned long pages, direct, wx, direct_x, user, nonglobal;
	unsigned long first_bad;
};

static int scan_pte(pte_t *ptep, unsigned long addr, void *data)
{
	struct wx_scan *s = data;
	pte_t pte = *ptep;
	bool direct = addr >= PAGE_OFFSET && addr < PAGE_OFFSET + PGDIR_SIZE;
	bool wx = pte_write(pte) && pte_exec(pte);
	bool direct_x = direct && pte_exec(pte);

	if (!pte_present(pte))
		return 0;
	s->pages++;
	s->direct += direct;
	s->wx += wx;
	s->direct_x += direct_x;
	s->user += pte_user(pte);
	s->nonglobal += !pte_global(pte);
	if (!s->first_bad &&
	    (wx || direct_x || pte_user(pte) || !pte_global(pte)))
		s->first_bad = addr;
	return 0;
}

static void expect_section(struct ktest *t, const char *name, char *start,
			   char *end, bool write, bool exec)
{
	for (char *a = start; a < end; a += PAGE_SIZE) {
		pte_t *ptep = pte_lookup(kernel_pgd(), (unsigned long)a);

		if (!ptep || !pte_present(*ptep) || pte_write(*ptep) != write ||
		    pte_exec(*ptep) != exec) {
			KT_FAIL(t, "%s page %p: pte %#lx", name, (void *)a,
				ptep ? pte_val(*ptep) : 0);
			return;
		}
	}
}

/* W^X over the whole kernel half: no page is writable and executable, the
 * direct map is NX, nothing is user or non-global; text is R X, rodata
 * R NX, data RW NX. */
static void kernel_address_space_is_w_xor_x(struct ktest *t)
{
	struct wx_scan s = { 0 };

	KT_ASSERT_EQ(t, apply_to_existing_page_range(kernel_pgd(),
						     KERNEL_HALF_START,
						     KERNEL_HALF_SIZE, scan_pte,
						     &s), 0);
	ktest_diag(t, "%lu kernel pages, %lu in the direct map", s.pages,
		   s.direct);
	KT_EXPECT_EQ(t, s.wx, 0UL);
	KT_EXPECT_EQ(t, s.direct_x, 0UL);
	KT_EXPECT_EQ(t, s.user, 0UL);
	KT_EXPECT_EQ(t, s.nonglobal, 0UL);
	if (s.first_bad)
		KT_FAIL(t, "first offending page at %p", (void *)s.first_bad);
	KT_EXPECT_GE(t, s.direct, nr_total_frames());
	expect_section(t, "text", _stext, _etext, false, true);
	expect_section(t, "rodata", _srodata, _erodata, false, false);
	expect_section(t, "data", _sdata, _edata, true, false);
}

static const struct ktest_case paging_cases[] = {
	KTEST_CASE(pte_helpers_change_only_their_bit),
	KTEST_CASE(pte_modify_keeps_frame_and_cpu_bits),
	KTEST_CASE(walk_allocates_only_missing_tables),
	KTEST_CASE(map_lookup_unmap_round_trip),
	KTEST_CASE(failed_map_range_undoes_its_work),
	KTEST_CASE(protect_range_changes_only_protection),
	KTEST_CASE(new_pgd_shares_the_kernel_half),
	KTEST_CASE(null_and_identity_map_fault),
	KTEST_CASE(kernel_write_to_readonly_page_faults),
	KTEST_CASE(kernel_fetch_from_nx_page_faults),
	KTEST_CASE(smap_stops_kernel_access_to_user_page),
	KTEST_CASE(smep_stops_kernel_exec_of_user_page),
	KTEST_CASE(cpu_sees_protect_and_unmap_at_once),
	KTEST_CASE(boot_stack_guard_page_faults),
	KTEST_CASE(kernel_stack_has_guard_page),
	KTEST_CASE(kernel_address_space_is_w_xor_x),
	{}
};

static const struct ktest_suite paging_suite = {
	.name = "paging",
	.cases = paging_cases,
};
KTEST_SUITE(paging_suite, 2);
