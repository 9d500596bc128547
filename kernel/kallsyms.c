/*
 * kallsyms.c - address -> function name, from the generated table.
 *
 * The table (build/kallsyms.c) exists only in the second link pass. The
 * references are weak so the first pass links without it: there the
 * symbols resolve to address 0 and every lookup says "unknown". (A weak
 * *definition* with an initializer would not do: gcc folds its value.)
 */
#include "kernel/kallsyms.h"
#include "kernel/printk.h"

extern const u64 kallsyms_addrs[] __attribute__((weak));
extern const char *const kallsyms_names[] __attribute__((weak));
extern const u32 kallsyms_count __attribute__((weak));
extern char _etext[];

const char *kallsyms_lookup(u64 addr, u64 *offset, u64 *size)
{
	if (!&kallsyms_count)
		return NULL;
	u32 lo = 0, hi = kallsyms_count;

	if (!hi || addr < kallsyms_addrs[0] || addr >= (u64)_etext)
		return NULL;
	/* Last symbol whose address is <= addr (the table is sorted). */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;
		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	u64 end = lo + 1 < kallsyms_count ? kallsyms_addrs[lo + 1]
					  : (u64)_etext;
	*offset = addr - kallsyms_addrs[lo];
	*size = end - kallsyms_addrs[lo];
	return kallsyms_names[lo];
}

void sprint_symbol(char *buf, size_t size, u64 addr)
{
	u64 off = 0, len = 0;
	const char *name = kallsyms_lookup(addr, &off, &len);

	if (name)
		snprintf(buf, size, "%s+%#lx/%#lx", name, off, len);
	else
		snprintf(buf, size, "%p", (void *)addr);
}
