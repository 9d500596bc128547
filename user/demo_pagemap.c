// SPDX-License-Identifier: MIT
/*
 * demo_pagemap - look at a range of pages the way the kernel sees them.
 *
 *   demo_pagemap [PAGES]        (default 8)
 *
 * Maps PAGES private pages and puts them in every state a page can be in:
 * never touched (no PTE), read only (the shared zero page), written
 * (a page of our own), pushed out with MADV_PAGEOUT (a swap entry), and
 * PROT_NONE (still present: the page keeps its frame, only access is
 * refused - on Linux too). Then prints one line per page from /proc/self/pagemap - the
 * same bits Linux exports: present, swapped (with type and offset),
 * mapped exclusively, and the frame. Runs on Linux too (without swap the
 * pushed-out pages simply stay present).
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "demo.h"

static void show(const char *p, long pages)
{
	say("  page  address          pagemap entry       state\n");
	for (long i = 0; i < pages; i++) {
		const char *a = p + i * PAGE_SIZE;
		uint64_t e = pagemap_entry(a);
		uint64_t v = e & PM_PFN_MASK;
		char what[96];

		if (e & PM_PRESENT)
			snprintf(what, sizeof(what), "present, pfn 0x%lx%s",
				 (unsigned long)v, e & PM_MMAP_EXCLUSIVE
				 ? ", exclusive" : "");
		else if (e & PM_SWAP)
			snprintf(what, sizeof(what),
				 "swapped, type %u offset 0x%lx",
				 (unsigned int)(v & 0x1f),
				 (unsigned long)(v >> PM_SWAP_TYPE_BITS));
		else
			snprintf(what, sizeof(what), "no PTE (never touched)");
		say("  %4ld  %p  0x%016lx  %s\n", i, (const void *)a,
		    (unsigned long)e, what);
	}
}

int main(int argc, char **argv)
{
	long pages = argc > 1 ? atol(argv[1]) : 8;

	if (pages < 5 || pages > 4096) {
		say("usage: demo_pagemap [PAGES]  (5..4096)\n");
		return 2;
	}
	char *p = mmap(NULL, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		say("demo_pagemap: mmap failed\n");
		return 1;
	}
	say("demo_pagemap: %ld pages at %p\n", pages, (void *)p);
	say("  0: untouched   1: read (zero page)   2..: written, "
	    "then every third page pushed out, the last one PROT_NONE\n");
	(void)peek(p + PAGE_SIZE);
	for (long i = 2; i < pages; i++)
		poke(p + i * PAGE_SIZE, 'a' + i % 26);
	for (long i = 2; i < pages; i += 3)
		madvise(p + i * PAGE_SIZE, PAGE_SIZE, MADV_PAGEOUT);
	mprotect(p + (pages - 1) * PAGE_SIZE, PAGE_SIZE, PROT_NONE);
	show(p, pages);
	return 0;
}
