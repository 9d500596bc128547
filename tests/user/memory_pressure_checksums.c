// SPDX-License-Identifier: MIT
/*
 * memory_pressure_checksums - several processes, each with a working set
 * of its own plus memory inherited copy-on-write from their parent, write
 * and re-verify fixed-seed patterns in several passes; every word read
 * back is the last one written, and each process's final checksum matches
 * the one computed from the seed alone.
 *
 * Pins down the whole swap path under real pressure (DESIGN.md: "memory
 * pressure comes from mem= on the kernel command line"): reclaim choosing
 * pages of several processes, swap-out, swap-in on access, COW breaks of
 * pages that may be in swap, and exit freeing everything. On the host it
 * is a quick functional test; on faultline, booted with a small mem=, the
 * same program swaps.
 *
 * Size: memory_pressure_checksums [MiB [processes]], or the environment
 * variables PRESSURE_MIB and PRESSURE_PROCS; default 8 MiB in 4
 * processes. The MiB are the total working set of the workers; the parent
 * adds a quarter of one worker's share, inherited by all.
 */
#include <sys/mman.h>

#include "check.h"

#define SEED 0x7072657373ULL /* "press" */
#define DEFAULT_MIB 8
#define DEFAULT_PROCS 4
#define MAX_PROCS 64
#define MAX_MIB 4096
#define PASSES 4
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

/* The value of word k in pass `pass` of the process seeded with seed. */
static uint64_t word_value(uint64_t seed, int pass, size_t k)
{
	return mix64(seed ^ ((uint64_t)pass << 56)) +
	       mix64(seed + k * PRNG_GAMMA);
}

static long arg_or_env(int argc, char **argv, int i, const char *env, long dflt,
		       long max)
{
	const char *s = argc > i ? argv[i] : getenv(env);
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 0);
	if (*end || v < 1 || v > max) {
		say("FAIL: %s: bad size \"%s\" (1..%ld)\n", env, s, max);
		exit(2);
	}
	return v;
}

static unsigned char *map_bytes(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap of the working set succeeds");
	return p;
}

/* Check every word of pages against pass `pass`; report the first miss. */
static bool verify_page(const uint64_t *w, size_t page, uint64_t seed, int pass,
			int who)
{
	for (size_t j = 0; j < WORDS_PER_PAGE; j++) {
		size_t k = page * WORDS_PER_PAGE + j;
		uint64_t want = word_value(seed, pass, k);

		if (w[k] == want)
			continue;
		say("FAIL: %s:%d: process %d reads back what it wrote in "
		    "pass %d: page %zu word %zu: expected %#llx, got %#llx "
		    "(seed %#llx)\n",
		    __FILE__, __LINE__, who, pass, page, j,
		    (unsigned long long)want, (unsigned long long)w[k],
		    (unsigned long long)seed);
		check_failures++;
		return false;
	}
	return true;
}

static void write_page(uint64_t *w, size_t page, uint64_t seed, int pass)
{
	for (size_t j = 0; j < WORDS_PER_PAGE; j++) {
		size_t k = page * WORDS_PER_PAGE + j;

		w[k] = word_value(seed, pass, k);
	}
}

static size_t gcd(size_t a, size_t b)
{
	while (b) {
		size_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * Pass 0 writes every page in order; each later pass visits the pages in
 * a different order (a stride coprime to the page count, so every page
 * is visited once), verifying the previous pass and writing the next.
 */
static void work(uint64_t *w, size_t pages, uint64_t seed, int who)
{
	for (size_t i = 0; i < pages; i++)
		write_page(w, i, seed, 0);
	for (int pass = 1; pass < PASSES; pass++) {
		size_t stride = 1 + 2 * pass;

		while (gcd(stride, pages) != 1)
			stride++;
		for (size_t i = 0; i < pages; i++) {
			size_t page = (i * stride) % pages;

			if (!verify_page(w, page, seed, pass - 1, who))
				return;
			write_page(w, page, seed, pass);
		}
	}
}

static uint64_t checksum(const uint64_t *w, size_t words)
{
	uint64_t sum = 0;

	for (size_t k = 0; k < words; k++)
		sum += w[k] ^ k;
	return sum;
}

static uint64_t expected_checksum(uint64_t seed, int pass, size_t words)
{
	uint64_t sum = 0;

	for (size_t k = 0; k < words; k++)
		sum += word_value(seed, pass, k) ^ k;
	return sum;
}

static void worker(int who, size_t pages, uint64_t *inherited,
		   size_t inherited_pages)
{
	uint64_t seed = SEED + 0x100 * (who + 1);
	size_t words = pages * WORDS_PER_PAGE;
	uint64_t *w = (uint64_t *)map_bytes(pages * PAGE_SIZE);

	test_seed(seed);
	work(w, pages, seed, who);
	CHECK_EQ(checksum(w, words), expected_checksum(seed, PASSES - 1, words),
		 "a worker's final checksum matches the one computed from "
		 "its seed");
	for (size_t i = 0; i < inherited_pages; i++)
		if (!verify_page(inherited, i, SEED, 0, who))
			break;
	if (who % 2) {
		/* Odd workers break COW on the inherited pages too. */
		work(inherited, inherited_pages, seed, who);
		CHECK_EQ(checksum(inherited, inherited_pages * WORDS_PER_PAGE),
			 expected_checksum(seed, PASSES - 1,
					   inherited_pages * WORDS_PER_PAGE),
			 "a worker's copy of inherited memory holds its own "
			 "writes");
	}
	check_exit();
}

int main(int argc, char **argv)
{
	long mib =
		arg_or_env(argc, argv, 1, "PRESSURE_MIB", DEFAULT_MIB, MAX_MIB);
	long procs = arg_or_env(argc, argv, 2, "PRESSURE_PROCS", DEFAULT_PROCS,
				MAX_PROCS);
	size_t pages = ((size_t)mib << 20) / PAGE_SIZE / procs;
	size_t inherited_pages = pages / 4 + 1;
	uint64_t *inherited =
		(uint64_t *)map_bytes(inherited_pages * PAGE_SIZE);
	pid_t pids[MAX_PROCS];

	test_seed(SEED);
	REQUIRE(pages > 0, "each worker gets at least one page");
	for (size_t i = 0; i < inherited_pages; i++)
		write_page(inherited, i, SEED, 0);
	for (long i = 0; i < procs; i++) {
		pids[i] = fork_or_die();
		if (pids[i] == 0)
			worker(i, pages, inherited, inherited_pages);
	}
	for (long i = 0; i < procs; i++)
		CHECK_EXITED(wait_for(pids[i]), 0,
			     "every worker read back exactly what it wrote");
	for (size_t i = 0; i < inherited_pages; i++)
		if (!verify_page(inherited, i, SEED, 0, -1))
			break;
	CHECK_EQ(checksum(inherited, inherited_pages * WORDS_PER_PAGE),
		 expected_checksum(SEED, 0, inherited_pages * WORDS_PER_PAGE),
		 "the parent's inherited pages are untouched by its workers");
	if (check_failures)
		say("note: %ld MiB in %ld processes, %d passes\n", mib, procs,
		    PASSES);
	return check_status();
}
