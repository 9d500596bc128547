// SPDX-License-Identifier: MIT
/*
 * cow_fork_isolation - after fork, parent and child each see only their own
 * writes, in every kind of private memory: heap, .data, .bss, stack and a
 * private anonymous mapping. A write of one byte copies the whole page.
 *
 * Pins down scenarios 2 and 5 of DESIGN.md ("fork, both PTEs
 * write-protected, page shared"; "child writes -> do_wp_page copies; the
 * parent keeps the old page") from user space, where they show up as
 * isolation: whichever side writes first, the other side never sees it.
 * Many rounds, alternating who writes first and whole-page versus
 * one-byte writes; then several children at once; then pages that were
 * never touched (or only read) before the fork.
 */
#include <sys/mman.h>

#include "check.h"

#define SEED 0xc0ffee0000ULL
#define ROUNDS 16
#define REGION_BYTES (16 * PAGE_SIZE)

/* Initialised, so it lives in .data (not .bss). */
static unsigned char data_region[REGION_BYTES] = { 1, 2, 3 };
static unsigned char bss_region[REGION_BYTES];

struct region {
	const char *name;
	unsigned char *p;
	size_t n;
};

enum { HEAP, DATA, BSS, STACK, MMAP, NREGIONS };
static struct region regions[NREGIONS];

/*
 * What a region should hold: the pattern of seed, except that when
 * poke_off >= 0 the byte at poke_off of every page is poke_val.
 */
struct content {
	uint64_t seed;
	long poke_off;
	unsigned char poke_val;
};

static uint64_t region_seed(uint64_t base, int r)
{
	return base * 0x100 + r;
}

static void write_content(const struct content *c)
{
	for (int r = 0; r < NREGIONS; r++) {
		struct region *g = &regions[r];
		uint64_t seed = region_seed(c->seed, r);

		if (c->poke_off < 0) {
			fill_pattern(g->p, g->n, seed);
			continue;
		}
		for (size_t pg = 0; pg < g->n; pg += PAGE_SIZE)
			g->p[pg + c->poke_off] = c->poke_val;
	}
}

/* Check every byte of every region; say which region and offset differ. */
#define check_content(c, base_seed, what) \
	check_content_at(__LINE__, c, base_seed, what)

static void check_content_at(int line, const struct content *c,
			     uint64_t base_seed, const char *what)
{
	for (int r = 0; r < NREGIONS; r++) {
		struct region *g = &regions[r];
		uint64_t seed = region_seed(base_seed, r), v = 0;
		struct prng stream = { seed };

		for (size_t i = 0; i < g->n; i++) {
			unsigned char want = pattern_byte(&stream, &v, i);

			if (c && c->poke_off >= 0 &&
			    (long)(i % PAGE_SIZE) == c->poke_off)
				want = c->poke_val;
			if (g->p[i] == want)
				continue;
			char detail[160];

			snprintf(detail, sizeof(detail),
				 "%s region, offset %zu: expected %#x, got "
				 "%#x (seed %#llx)",
				 g->name, i, want, g->p[i],
				 (unsigned long long)seed);
			check_failed(__FILE__, line, what, detail);
			break;
		}
	}
}

/*
 * One round: the parent writes the pattern of `before`, forks, and then
 * the two sides write in turn (order given by child_first), each checking
 * that it sees its own data and never the other's.
 */
static void one_round(int round)
{
	bool child_first = round % 2;
	bool whole_pages = (round / 2) % 2 == 0;
	uint64_t before = SEED + round * 4;
	struct content pc = { before + 1, -1, 0 }; /* parent's writes */
	struct content cc = { before + 2, -1, 0 }; /* child's writes */
	struct content *mine_after;
	int to_child[2], to_parent[2];
	pid_t pid;

	if (!whole_pages) {
		/* One byte per page, at a different offset each round. */
		pc = (struct content){ before, (round * 97) % PAGE_SIZE, 0xaa };
		cc = (struct content){ before, (round * 89 + 1) % PAGE_SIZE,
				       0x55 };
	}
	write_content(&(struct content){ before, -1, 0 });
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe() works");

	pid = fork_or_die();
	if (pid == 0) {
		check_content(NULL, before,
			      "the child inherits the parent's memory");
		if (child_first) {
			write_content(&cc);
			send_byte(to_parent[1], 'w');
			recv_byte(to_child[0]);
		} else {
			send_byte(to_parent[1], 'r');
			recv_byte(to_child[0]); /* parent has written */
			check_content(NULL, before,
				      "the parent's writes after fork are "
				      "invisible to the child");
			write_content(&cc);
		}
		check_content(&cc, cc.seed,
			      "the child sees its own writes (and, for "
			      "one-byte writes, the rest of the page intact)");
		check_exit();
	}

	recv_byte(to_parent[0]);
	if (child_first)
		check_content(NULL, before,
			      "the child's writes are invisible to the parent");
	write_content(&pc);
	send_byte(to_child[1], 'g');
	mine_after = &pc;
	check_content(mine_after, pc.seed,
		      "the parent sees its own writes after fork");
	CHECK_EXITED(wait_for(pid), 0, "the child's checks passed");
	check_content(mine_after, pc.seed,
		      "the parent's memory is unchanged by the child's exit");
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/*
 * Several children of one parent, all alive at once, each writing its own
 * pattern into the same (shared, COW) pages; all must see only their own.
 */
static void many_children_each_see_their_own(void)
{
	enum { N = 4 };
	uint64_t base = SEED + 0x1000;
	int written[2], go[2];
	pid_t pids[N];

	write_content(&(struct content){ base, -1, 0 });
	REQUIRE(pipe(written) == 0 && pipe(go) == 0, "pipe() works");
	for (int i = 0; i < N; i++) {
		pids[i] = fork_or_die();
		if (pids[i] != 0)
			continue;
		close(go[1]);
		write_content(&(struct content){ base + 1 + i, -1, 0 });
		send_byte(written[1], 'w');
		recv_byte(go[0]); /* EOF once all children have written */
		check_content(NULL, base + 1 + i,
			      "each of several children sees only its own "
			      "writes");
		check_exit();
	}
	close(go[0]);
	for (int i = 0; i < N; i++)
		CHECK_EQ(recv_byte(written[0]), 'w', "every child wrote");
	close(go[1]);
	for (int i = 0; i < N; i++)
		CHECK_EXITED(wait_for(pids[i]), 0,
			     "each child's checks passed");
	check_content(NULL, base,
		      "the parent's memory is untouched by its children");
	close(written[0]);
	close(written[1]);
}

/*
 * Pages that were never touched, or only read, before fork: the child's
 * writes to them must not appear in the parent, and the parent's later
 * writes must not appear in the (still living) child.
 */
static void untouched_and_read_only_pages_isolate(void)
{
	unsigned char *m = mmap(NULL, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *untouched = m, *read_only = m + PAGE_SIZE;
	int to_child[2], to_parent[2];
	pid_t pid;

	REQUIRE(m != MAP_FAILED, "mmap of two pages succeeds");
	CHECK_EQ(peek((uintptr_t)read_only), 0,
		 "a fresh anonymous page reads as zero");
	REQUIRE(pipe(to_child) == 0 && pipe(to_parent) == 0, "pipe() works");
	pid = fork_or_die();
	if (pid == 0) {
		memset(untouched, 0x11, PAGE_SIZE);
		memset(read_only, 0x22, PAGE_SIZE);
		send_byte(to_parent[1], 'w');
		recv_byte(to_child[0]);
		CHECK_BYTES(untouched, PAGE_SIZE, 0x11,
			    "the child keeps its write to a page untouched "
			    "before fork");
		CHECK_BYTES(read_only, PAGE_SIZE, 0x22,
			    "the child keeps its write to a page only read "
			    "before fork");
		check_exit();
	}
	recv_byte(to_parent[0]);
	CHECK_BYTES(untouched, PAGE_SIZE, 0,
		    "a page untouched before fork stays zero for the parent "
		    "when the child writes it");
	CHECK_BYTES(read_only, PAGE_SIZE, 0,
		    "a page only read before fork stays zero for the parent "
		    "when the child writes it");
	memset(untouched, 0x33, PAGE_SIZE);
	memset(read_only, 0x44, PAGE_SIZE);
	send_byte(to_child[1], 'g');
	CHECK_EXITED(wait_for(pid), 0, "the child's checks passed");
	CHECK_BYTES(untouched, PAGE_SIZE, 0x33,
		    "the parent keeps its own write to the untouched page");
	CHECK_BYTES(read_only, PAGE_SIZE, 0x44,
		    "the parent keeps its own write to the read-only page");
	munmap(m, 2 * PAGE_SIZE);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

int main(void)
{
	unsigned char stack_region[REGION_BYTES];
	void *heap = malloc(2 * REGION_BYTES);
	void *map = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	test_seed(SEED);
	REQUIRE(heap != NULL, "malloc of the heap region succeeds");
	REQUIRE(map != MAP_FAILED, "mmap of the mmap region succeeds");
	regions[HEAP] = (struct region){ "heap", heap, 2 * REGION_BYTES };
	regions[DATA] = (struct region){ ".data", data_region, REGION_BYTES };
	regions[BSS] = (struct region){ ".bss", bss_region, REGION_BYTES };
	regions[STACK] = (struct region){ "stack", stack_region, REGION_BYTES };
	regions[MMAP] = (struct region){ "mmap", map, REGION_BYTES };

	for (int round = 0; round < ROUNDS; round++)
		one_round(round);
	many_children_each_see_their_own();
	untouched_and_read_only_pages_isolate();
	return check_status();
}
