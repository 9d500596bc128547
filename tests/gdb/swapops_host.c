// SPDX-License-Identifier: MIT
/*
 * swapops_host.c - the kernel's own swap-PTE encoding (mm/swapops.h),
 * compiled for the host by tests/gdb/test_decode.py, which checks that
 * the GDB helpers' Python decoder agrees with it value for value.
 *
 * Reads "type offset exclusive" triples on stdin; prints for each the
 * PTE value, then type, offset, exclusive and is_swap_pte decoded back.
 */
#include <stdio.h>

#include "mm/swapops.h"

int main(void)
{
	unsigned int type, excl;
	unsigned long offset;

	while (scanf("%u %lx %u", &type, &offset, &excl) == 3) {
		pte_t pte = swp_entry_to_pte(swp_entry(type, offset));
		swp_entry_t e;

		if (excl)
			pte = pte_swp_mkexclusive(pte);
		e = pte_to_swp_entry(pte);
		printf("%016lx %u %lx %d %d\n", pte_val(pte), swp_type(e),
		       swp_offset(e), pte_swp_exclusive(pte),
		       is_swap_pte(pte));
	}
	return 0;
}
