/*
 * swap.c - the scenarios of DESIGN.md, each as its own test, on test
 * address spaces driven from the kernel. After every step they check the
 * exact PTE bits, the slot's swap count and cache bit, the page's
 * reference and map counts, the kind of fault (minor/major) and the disk
 * I/O done. Pages are pushed out with madvise_pageout(), the mechanism
 * behind madvise(MADV_PAGEOUT).
 */
#include "drivers/ata.h"
#include "kernel/errno.h"
#include "mm/rmap.h"
#include "mm/swap_state.h"
#include "mm/swapops.h"
#include "mm/vmscan.h"
#include "tests/kernel/mm_test.h"

static struct mm_struct *parent, *child;
static const unsigned long A = TEST_ADDR;

#define P _PAGE_PRESENT
#define U _PAGE_USER
#define AC _PAGE_ACCESSED
#define D _PAGE_DIRTY
#define W _PAGE_RW
#define NX _PAGE_NX
#define FLAGS(pte) ((pte) & ~PTE_PFN_MASK)

static void swap_init_test(struct ktest *t)
{
	if (get_total_swap_pages() <= 0)
		ktest_skip(t, "no swap area active: %s", swap_off_reason());
	parent = test_mm_start(t);
	child = NULL;
}

static void swap_exit_test(struct ktest *t)
{
	(void)t;
	kthread_use_mm(NULL);
	if (child)
		mmput(child);
	if (parent)
		mmput(parent);
	parent = child = NULL;
}

static u64 pswpin(void)
{
	struct swap_stats s;

	swap_get_stats(&s);
	return s.pswpin;
}

static u64 pswpout(void)
{
	struct swap_stats s;

	swap_get_stats(&s);
	return s.pswpout;
}

static u64 faults(struct mm_struct *mm)
{
	return mm->stats.events[MM_MIN_FLT] + mm->stats.events[MM_MAJ_FLT];
}

static void pageout(struct mm_struct *mm, bool shared)
{
	kthread_use_mm(mm);
	madvise_pageout(mm, A, A + PAGE_SIZE, shared);
}

static swp_entry_t entry_of(struct mm_struct *mm)
{
	return pte_to_swp_entry(__pte(pte_of(mm, A)));
}

static bool in_swap_cache(swp_entry_t e)
{
	struct page *p = lookup_swap_cache(e);

	if (p)
		put_page(p);
	return p != NULL;
}

/* Parent writes the page, forks, and both share it read-only. */
static void write_fork(struct ktest *t, u8 v)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	KT_ASSERT_EQ(t, poke(parent, A, v), 0);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
}

/* Scenario 3 setup: fork, then push the shared page out. */
static swp_entry_t fork_then_swap_shared(struct ktest *t, u8 v)
{
	write_fork(t, v);
	u64 out = pswpout();
	pageout(parent, true);
	KT_ASSERT_EQ(t, pswpout(), out + 1);
	return entry_of(parent);
}

/*
 * Scenario 1: an exclusive private page goes out and comes back. The
 * swap PTE keeps no permission, only the entry and E; the PTE rebuilt at
 * swap-in is exactly mk_pte(page, vm_page_prot) plus RW, because the
 * page is exclusive - so the later write takes no second fault.
 */
static void exclusive_page_returns_writable(struct ktest *t)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	KT_ASSERT_EQ(t, uwrite(A + 5, 0x5e), 0);
	u64 out = pswpout(), in = pswpin();
	pageout(parent, false);
	u64 spte = pte_of(parent, A);
	KT_EXPECT_TRUE(t, is_swap_pte(__pte(spte)));
	KT_EXPECT_TRUE(t, pte_swp_exclusive(__pte(spte)));
	KT_EXPECT_EQ(t, spte & (P | W | U | NX), 0); /* permissions gone */
	swp_entry_t e = entry_of(parent);
	KT_EXPECT_EQ(t, swap_count(e), 1);
	KT_EXPECT_FALSE(t, in_swap_cache(e));
	KT_EXPECT_EQ(t, pswpout(), out + 1);
	KT_EXPECT_EQ(t, parent->stats.anon_rss, 0);
	KT_EXPECT_EQ(t, parent->stats.swap_ents, 1);

	u64 maj = parent->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(parent, A + 5), 0x5e); /* read fault */
	KT_EXPECT_EQ(t, parent->stats.events[MM_MAJ_FLT], maj + 1);
	KT_EXPECT_EQ(t, pswpin(), in + 1);
	KT_EXPECT_EQ(t, FLAGS(pte_of(parent, A)), P | W | U | AC | NX);
	u64 f = faults(parent);
	KT_EXPECT_EQ(t, poke(parent, A, 1), 0);
	KT_EXPECT_EQ(t, faults(parent), f); /* no second fault */
}

/* Scenario 3: a COW-shared page swapped out: every PTE that mapped it
 * holds the same entry, the slot's count is 2, no exclusive bit. */
static void shared_cow_page_swapout_same_entry_count_two(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0x31);

	KT_EXPECT_EQ(t, pte_of(parent, A), pte_of(child, A));
	KT_EXPECT_FALSE(t, pte_swp_exclusive(__pte(pte_of(child, A))));
	KT_EXPECT_EQ(t, swap_count(e), 2);
	KT_EXPECT_FALSE(t, in_swap_cache(e));
	KT_EXPECT_EQ(t, child->stats.swap_ents, 1);
	KT_EXPECT_EQ(t, parent->stats.anon_rss, 0);
}

/* Scenario 4: child reads -> major fault, disk read, read-only; parent
 * reads -> swap-cache hit, minor fault, no second disk read. */
static void child_read_major_parent_read_minor(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0x41);
	u64 in = pswpin();

	u64 cmaj = child->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(child, A), 0x41);
	KT_EXPECT_EQ(t, child->stats.events[MM_MAJ_FLT], cmaj + 1);
	KT_EXPECT_EQ(t, pswpin(), in + 1);
	KT_EXPECT_EQ(t, FLAGS(pte_of(child, A)), P | U | AC | NX); /* RO */
	KT_EXPECT_EQ(t, swap_count(e), 1);
	KT_EXPECT_TRUE(t, in_swap_cache(e));

	u64 pmin = parent->stats.events[MM_MIN_FLT];
	u64 pmaj = parent->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(parent, A), 0x41);
	KT_EXPECT_EQ(t, parent->stats.events[MM_MIN_FLT], pmin + 1);
	KT_EXPECT_EQ(t, parent->stats.events[MM_MAJ_FLT], pmaj);
	KT_EXPECT_EQ(t, pswpin(), in + 1); /* no second disk read */
	KT_EXPECT_EQ(t, FLAGS(pte_of(parent, A)), P | U | AC | NX);
	KT_EXPECT_EQ(t, swap_count(e), 0);
	KT_EXPECT_TRUE(t, swap_has_cache(e));
	struct page *pg = page_of(parent, A);
	KT_EXPECT_EQ(t, page_of(child, A), pg);
	KT_EXPECT_EQ(t, page_mapcount(pg), 2);
	KT_EXPECT_EQ(t, page_count(pg), 3); /* two PTEs + the swap cache */
}

/* Scenario 5: after both read it back, the child's write copies; the
 * parent keeps the old page and its later write reuses it - no copy -
 * once the useless swap copy is dropped. */
static void child_write_copies_parent_write_reuses(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0x51);

	peek(child, A);
	peek(parent, A);
	struct page *old = page_of(parent, A);
	KT_ASSERT_EQ(t, poke(child, A, 0x52), 0);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_NE(t, page_of(child, A), old);
	KT_EXPECT_EQ(t, FLAGS(pte_of(child, A)), P | W | U | AC | D | NX);
	KT_EXPECT_EQ(t, peek(parent, A), 0x51);

	KT_ASSERT_EQ(t, poke(parent, A, 0x53), 0);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_REUSE], 1);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_COPY], 0);
	KT_EXPECT_EQ(t, page_of(parent, A), old);
	KT_EXPECT_FALSE(t, swap_has_cache(e)); /* slot free again */
	KT_EXPECT_EQ(t, page_count(old), 1);
	KT_EXPECT_EQ(t, peek(child, A), 0x52);
}

/* Scenario 6: the child's first access is a write to the swap PTE: the
 * swap-in and the COW break happen in ONE fault (Linux runs do_wp_page
 * from inside do_swap_page). */
static void child_write_first_swapin_and_copy_in_one_fault(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0x61);
	u64 f = faults(child);

	KT_ASSERT_EQ(t, poke(child, A, 0x62), 0);
	KT_EXPECT_EQ(t, faults(child), f + 1); /* one fault, not two */
	KT_EXPECT_EQ(t, child->stats.events[MM_MAJ_FLT], 1);
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_EQ(t, FLAGS(pte_of(child, A)), P | W | U | AC | D | NX);
	KT_EXPECT_EQ(t, swap_count(e), 1); /* the parent's swap PTE */
	KT_EXPECT_TRUE(t, in_swap_cache(e)); /* the old data, for it */
	u64 pmaj = parent->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(parent, A), 0x61);
	KT_EXPECT_EQ(t, parent->stats.events[MM_MAJ_FLT], pmaj); /* minor */
}

/* Scenario 7: mprotect while swapped out leaves the swap PTE alone; the
 * new protection is what comes back at swap-in. */
static void mprotect_while_swapped_applies_at_swapin(struct ktest *t)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	uwrite(A, 0x71);
	pageout(parent, false);
	u64 spte = pte_of(parent, A);
	KT_ASSERT_EQ(t, do_mprotect(parent, A, PAGE_SIZE,
				    PROT_READ | PROT_EXEC), 0);
	KT_EXPECT_EQ(t, pte_of(parent, A), spte); /* not rewritten */
	KT_EXPECT_EQ(t, peek(parent, A), 0x71);
	/* r-x now: no RW even though the page is exclusive, and no NX */
	KT_EXPECT_EQ(t, FLAGS(pte_of(parent, A)), P | U | AC);
	KT_EXPECT_EQ(t, poke(parent, A, 1), -EFAULT);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_ACCERR);
}

/* Scenario 8: fork of a swapped PTE duplicates the slot reference and
 * clears the exclusive bit in both. */
static void fork_of_swap_pte_duplicates_entry(struct ktest *t)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	uwrite(A, 0x81);
	pageout(parent, false);
	swp_entry_t e = entry_of(parent);
	KT_ASSERT_TRUE(t, pte_swp_exclusive(__pte(pte_of(parent, A))));
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
	KT_EXPECT_EQ(t, swap_count(e), 2);
	KT_EXPECT_EQ(t, pte_of(child, A), pte_of(parent, A));
	KT_EXPECT_FALSE(t, pte_swp_exclusive(__pte(pte_of(parent, A))));
	/* now the parent's swap-in is NOT exclusive: read-only */
	KT_EXPECT_EQ(t, peek(parent, A), 0x81);
	KT_EXPECT_FALSE(t, pte_of(parent, A) & W);
	KT_EXPECT_EQ(t, peek(child, A), 0x81);
}

/* Scenario 9: munmap and exit of swapped ranges free their slots. */
static void munmap_and_exit_free_slots(struct ktest *t)
{
	long free0 = get_nr_swap_pages();

	map_anon(parent, A, 4, RW, PRIV_ANON);
	for (int i = 0; i < 4; i++)
		uwrite(A + i * PAGE_SIZE, i);
	madvise_pageout(parent, A, A + 4 * PAGE_SIZE, false);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free0 - 4);
	KT_ASSERT_EQ(t, do_munmap(parent, A, 2 * PAGE_SIZE), 0);
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free0 - 2);
	KT_EXPECT_EQ(t, parent->stats.swap_ents, 2);
	kthread_use_mm(NULL);
	mmput(parent); /* exit */
	parent = NULL;
	KT_EXPECT_EQ(t, get_nr_swap_pages(), free0);
}

/* A clean page whose swap copy is still good goes out without I/O. */
static void clean_swapcache_page_dropped_without_io(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0x91);

	peek(child, A);
	peek(parent, A); /* both mapped, read-only, copy still in swap */
	KT_ASSERT_TRUE(t, in_swap_cache(e));
	u64 out = pswpout();
	pageout(parent, true);
	KT_EXPECT_EQ(t, pswpout(), out); /* no write: the copy is good */
	KT_EXPECT_EQ(t, swap_count(e), 2);
	KT_EXPECT_EQ(t, peek(child, A), 0x91);
}

/*
 * Regression (found by the memory-pressure test): a page mapped once but
 * still named by another process's swap PTE is NOT exclusive. The parent
 * swaps the shared page back in (read-only, slot still held by the
 * child); pushing it out again must not set the exclusive bit, or the
 * parent's next swap-in would be writable and its write would reach the
 * child's copy of the data.
 */
static void reswapped_page_with_shared_slot_not_exclusive(struct ktest *t)
{
	swp_entry_t e = fork_then_swap_shared(t, 0xb1);

	KT_EXPECT_EQ(t, peek(parent, A), 0xb1); /* in: count 1 + cache */
	KT_ASSERT_EQ(t, swap_count(e), 1);
	pageout(parent, false); /* mapped once now: eligible */
	KT_ASSERT_TRUE(t, is_swap_pte(__pte(pte_of(parent, A))));
	KT_EXPECT_FALSE(t, pte_swp_exclusive(__pte(pte_of(parent, A))));
	KT_ASSERT_EQ(t, poke(parent, A, 0xb2), 0);
	KT_EXPECT_EQ(t, parent->stats.events[MM_COW_COPY], 1);
	KT_EXPECT_EQ(t, peek(child, A), 0xb1); /* the child's data */
	KT_EXPECT_EQ(t, peek(parent, A), 0xb2);
}

/*
 * Reclaim policy: the LRU is scanned oldest first, and a page whose
 * accessed bit was set since the last scan gets a second chance. With a
 * fixed reference string - 8 pages touched, the bits cleared, then pages
 * 0, 2, 4 touched again - freeing 3 pages must take 1, 3 and 5, and the
 * recently used pages survive.
 */
static void second_chance_keeps_recently_used_pages(struct ktest *t)
{
	const int n = 8;

	map_anon(parent, A, n, RW, PRIV_ANON);
	for (int i = 0; i < n; i++)
		uwrite(A + i * PAGE_SIZE, (u8)i);
	if (lru_pages() != n)
		ktest_skip(t, "other pages on the LRU (%ld)", lru_pages());
	for (int i = 0; i < n; i++) /* time passes: clear the A bits */
		page_referenced(page_of(parent, A + i * PAGE_SIZE));
	for (int i = 0; i < n; i += 2)
		if (i < 6)
			uwrite(A + i * PAGE_SIZE, 0x40 + i); /* used again */
	KT_ASSERT_EQ(t, try_to_free_pages(3), 3);
	for (int i = 0; i < n; i++) {
		bool out = is_swap_pte(__pte(pte_of(parent, A + i * PAGE_SIZE)));
		KT_EXPECT_EQ(t, out, i == 1 || i == 3 || i == 5);
	}
	KT_EXPECT_EQ(t, peek(parent, A + 3 * PAGE_SIZE), 3);
}

/*
 * Shared anonymous memory swaps too and stays shared: the object and
 * every PTE hold the same swap entry; whoever faults first brings the
 * page back into the object, the others find it in the swap cache - and
 * a page the child never mapped comes back through the object itself.
 */
static void shared_anon_pages_swap_and_stay_shared(struct ktest *t)
{
	const unsigned long B = A + PAGE_SIZE;

	map_anon(parent, A, 2, RW, SHARED_ANON);
	KT_ASSERT_EQ(t, poke(parent, A, 0x21), 0);
	KT_ASSERT_EQ(t, poke(parent, B, 0x31), 0);
	child = dup_mm(parent);
	KT_ASSERT_NOT_NULL(t, child);
	KT_EXPECT_EQ(t, peek(child, A), 0x21); /* child maps A only */
	u64 out = pswpout();
	kthread_use_mm(parent);
	madvise_pageout(parent, A, A + 2 * PAGE_SIZE, true);
	KT_EXPECT_EQ(t, pswpout(), out + 2);
	swp_entry_t e = entry_of(parent);
	KT_EXPECT_EQ(t, pte_of(child, A), pte_of(parent, A));
	KT_EXPECT_EQ(t, swap_count(e), 3); /* two PTEs + the object */
	KT_ASSERT_EQ(t, poke(child, A, 0x22), 0); /* writable: shared */
	KT_EXPECT_EQ(t, child->stats.events[MM_COW_COPY], 0);
	KT_EXPECT_EQ(t, peek(parent, A), 0x22); /* the same page */
	KT_EXPECT_EQ(t, page_of(parent, A), page_of(child, A));
	/* B: out of the parent's PTE and the object; never in the child */
	KT_EXPECT_EQ(t, peek(child, B), 0x31);
	KT_ASSERT_EQ(t, poke(child, B, 0x32), 0);
	KT_EXPECT_EQ(t, peek(parent, B), 0x32);
}

/*
 * A read error during swap-in: the fault cannot be satisfied and reports
 * SIGBUS (a user process would be killed with it); nothing is mapped, the
 * swap PTE and its slot stay, and once the disk works again the same
 * access succeeds with the right data. (The error is a lost disk
 * interrupt, injected: the driver times out, resets and returns -EIO.)
 */
static void swapin_read_error_gives_sigbus(struct ktest *t)
{
	u8 v;

	map_anon(parent, A, 1, RW, PRIV_ANON);
	uwrite(A, 0xc1);
	pageout(parent, false);
	swp_entry_t e = entry_of(parent);
	u32 old = ata_set_timeout_ms(50);
	ata_inject_lost_irqs(0, 1); /* hda is on the primary channel */
	KT_EXPECT_EQ(t, uread(A, &v), -EFAULT);
	ata_set_timeout_ms(old);
	KT_EXPECT_EQ(t, last_fault_report()->result, FAULT_SIGBUS);
	KT_EXPECT_TRUE(t, is_swap_pte(__pte(pte_of(parent, A))));
	KT_EXPECT_EQ(t, swap_count(e), 1);
	KT_EXPECT_FALSE(t, in_swap_cache(e));
	KT_EXPECT_EQ(t, peek(parent, A), 0xc1); /* the retry works */
}

/* Scenario 10's bystander: counts while it runs, yielding each time. */
static volatile bool spin_stop;
static volatile u64 spin_count;

static int spinner(void *unused)
{
	(void)unused;
	while (!spin_stop) {
		spin_count++;
		schedule(); /* stays runnable: runs whenever the CPU is free */
	}
	return 0;
}

/*
 * Scenario 10: the faulting task sleeps during the disk read and others
 * run - the classic answer's "the process goes to sleep until the page
 * has been read in". The kernel is not preemptive, so the bystander can
 * only have counted if the fault really slept.
 */
static void faulting_task_sleeps_while_others_run(struct ktest *t)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	uwrite(A, 0xa1);
	pageout(parent, false);
	spin_stop = false;
	spin_count = 0;
	struct task_struct *bystander = kthread_create(spinner, NULL, "spin");
	KT_ASSERT_NOT_NULL(t, bystander);
	u64 maj = parent->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(parent, A), 0xa1); /* the read sleeps here */
	u64 counted = spin_count;
	KT_EXPECT_EQ(t, parent->stats.events[MM_MAJ_FLT], maj + 1);
	KT_EXPECT_GT(t, counted, 0);
	spin_stop = true;
	while (bystander->state != TASK_ZOMBIE)
		schedule();
	list_del_init(&bystander->sibling); /* reap it ourselves */
	free_task(bystander);
}

/*
 * A write error during swap-out keeps the page in memory: the PTE already
 * holds the swap entry, but the page stays (dirty) in the swap cache, so
 * the next access is a minor fault with the right data and nothing is
 * lost; a later push-out writes it for real.
 */
static void swapout_write_error_keeps_page(struct ktest *t)
{
	map_anon(parent, A, 1, RW, PRIV_ANON);
	uwrite(A, 0xe1);
	struct page *pg = page_of(parent, A);
	u64 out = pswpout();
	u32 old = ata_set_timeout_ms(50);
	ata_inject_lost_irqs(0, 1);
	kthread_use_mm(parent);
	int err = shrink_page(pg, false);
	ata_set_timeout_ms(old);
	KT_EXPECT_LT(t, err, 0); /* -EIO */
	KT_EXPECT_EQ(t, pswpout(), out);
	swp_entry_t e = entry_of(parent);
	KT_EXPECT_TRUE(t, in_swap_cache(e));
	u64 maj = parent->stats.events[MM_MAJ_FLT];
	KT_EXPECT_EQ(t, peek(parent, A), 0xe1); /* still in memory */
	KT_EXPECT_EQ(t, parent->stats.events[MM_MAJ_FLT], maj); /* minor */
	pageout(parent, false); /* the disk works again */
	KT_EXPECT_EQ(t, pswpout(), out + 1);
	KT_EXPECT_EQ(t, peek(parent, A), 0xe1);
}

/* Two faults on one swap entry: each racer faults in its own mm. */
struct racer {
	struct mm_struct *mm;
	volatile u8 seen;
	volatile bool done;
};

static int race_fault(void *arg)
{
	struct racer *r = arg;

	kthread_use_mm(r->mm);
	u8 v = 0;
	uread(A, &v);
	r->seen = v;
	kthread_use_mm(NULL);
	r->done = true;
	return 0;
}

static void reap(struct task_struct *t)
{
	while (t->state != TASK_ZOMBIE)
		schedule();
	list_del_init(&t->sibling);
	free_task(t);
}

/*
 * Two tasks fault on the same swap entry at the same time (parent and
 * child after fork, both PTEs swapped). The first reads the slot and
 * sleeps with the page locked in the swap cache; the second finds it
 * there, waits for the lock instead of reading again, then maps it: one
 * disk read, one major and one minor fault, both see the data.
 */
static void two_faults_on_one_entry_read_once(struct ktest *t)
{
	static struct racer a, b;
	swp_entry_t e = fork_then_swap_shared(t, 0xd1);
	u64 in = pswpin(), waits = page_lock_waits();

	kthread_use_mm(NULL);
	a = (struct racer){ .mm = child };
	b = (struct racer){ .mm = parent };
	struct task_struct *ta = kthread_create(race_fault, &a, "racer-a");
	struct task_struct *tb = kthread_create(race_fault, &b, "racer-b");
	KT_ASSERT_NOT_NULL(t, ta);
	KT_ASSERT_NOT_NULL(t, tb);
	reap(ta);
	reap(tb);
	KT_EXPECT_EQ(t, a.seen, 0xd1);
	KT_EXPECT_EQ(t, b.seen, 0xd1);
	KT_EXPECT_EQ(t, pswpin(), in + 1); /* one disk read, not two */
	/* ...because the second fault came while the first was reading
	 * and waited for the page lock */
	KT_EXPECT_EQ(t, page_lock_waits(), waits + 1);
	KT_EXPECT_EQ(t, child->stats.events[MM_MAJ_FLT] +
				parent->stats.events[MM_MAJ_FLT], 1);
	KT_EXPECT_EQ(t, page_of(parent, A), page_of(child, A));
	KT_EXPECT_EQ(t, swap_count(e), 0);
}

static const struct ktest_case swap_cases[] = {
	KTEST_CASE(exclusive_page_returns_writable),
	KTEST_CASE(shared_cow_page_swapout_same_entry_count_two),
	KTEST_CASE(child_read_major_parent_read_minor),
	KTEST_CASE(child_write_copies_parent_write_reuses),
	KTEST_CASE(child_write_first_swapin_and_copy_in_one_fault),
	KTEST_CASE(mprotect_while_swapped_applies_at_swapin),
	KTEST_CASE(fork_of_swap_pte_duplicates_entry),
	KTEST_CASE(munmap_and_exit_free_slots),
	KTEST_CASE(clean_swapcache_page_dropped_without_io),
	KTEST_CASE(faulting_task_sleeps_while_others_run),
	KTEST_CASE(reswapped_page_with_shared_slot_not_exclusive),
	KTEST_CASE(second_chance_keeps_recently_used_pages),
	KTEST_CASE(shared_anon_pages_swap_and_stay_shared),
	KTEST_CASE(swapin_read_error_gives_sigbus),
	KTEST_CASE(two_faults_on_one_entry_read_once),
	KTEST_CASE(swapout_write_error_keeps_page),
	{}
};
static const struct ktest_suite swap_suite = {
	.name = "swap",
	.cases = swap_cases,
	.init = swap_init_test,
	.exit = swap_exit_test,
};
KTEST_SUITE(swap_suite, 7);
