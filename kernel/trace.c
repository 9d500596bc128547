/*
 * trace.c - the explain trace (see trace.h) and the PTE decoder it and
 * the self-tests share.
 */
#include "kernel/trace.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/swapops.h"
#include "mm/vma.h"

unsigned int trace_mask;

static const char *const cat_names[] = { "fault", "swap", "cow", "fork",
					 "reclaim" };

void trace_printk(unsigned int cat, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int i = 0;

	while (i < (int)ARRAY_SIZE(cat_names) - 1 && !(cat & BIT(i)))
		i++;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printk(KERN_INFO "%s: %s\n", cat_names[i], line);
}

int trace_parse(const char *words)
{
	int mask = 0;

	if (!strcmp(words, "all"))
		return TRACE_ALL;
	if (!strcmp(words, "none"))
		return 0;
	/* One pass over the comma-separated words; each must be known. */
	for (const char *p = words; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t i = 0;
		while (i < ARRAY_SIZE(cat_names) &&
		       (strlen(cat_names[i]) != len ||
			strncmp(p, cat_names[i], len)))
			i++;
		if (i == ARRAY_SIZE(cat_names))
			return -1;
		mask |= BIT(i);
		p = end ? end + 1 : p + len;
	}
	return mask;
}

void trace_describe(char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(cat_names); i++)
		if (trace_mask & BIT(i))
			n += snprintf(buf + n, n < size ? size - n : 0, "%s%s",
				      n ? "," : "", cat_names[i]);
	if (!n)
		snprintf(buf, size, "none");
}

void trace_init(void)
{
	char words[64];

	if (!cmdline_get("trace", words, sizeof(words)))
		return;
	int mask = trace_parse(words);
	if (mask < 0) {
		pr_warn("trace: unknown category in \"%s\" (fault, swap, cow, "
			"fork, reclaim, all)\n", words);
		return;
	}
	trace_mask = mask;
}

static const struct {
	u64 bit;
	const char *name;
} pte_bits[] = {
	{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
	{ _PAGE_PWT, "PWT" },	{ _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
	{ _PAGE_DIRTY, "D" },	{ _PAGE_PSE, "PS" },  { _PAGE_GLOBAL, "G" },
	{ _PAGE_NX, "NX" },
};

static size_t describe_bits(u64 v, char *buf, size_t size, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(pte_bits); i++)
		if ((v & pte_bits[i].bit) && n < size)
			n += snprintf(buf + n, size - n, "%s%s", n ? " " : "",
				      pte_bits[i].name);
	return n;
}

void pgprot_describe(u64 prot, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!describe_bits(prot & ~PTE_PFN_MASK, buf, size, 0))
		snprintf(buf, size, "(no access)");
}

void pte_describe(u64 v, char *buf, size_t size)
{
	pte_t pte = __pte(v);

	if (pte_none(pte)) {
		snprintf(buf, size, "none");
		return;
	}
	if (is_swap_pte(pte)) {
		swp_entry_t e = pte_to_swp_entry(pte);
		snprintf(buf, size, "swap entry type %u offset %#lx%s",
			 swp_type(e), swp_offset(e),
			 pte_swp_exclusive(pte) ? " exclusive" : "");
		return;
	}
	size_t n = snprintf(buf, size, "pfn %#lx", pte_pfn(pte));
	if (!(v & _PAGE_PRESENT))
		n += snprintf(buf + n, n < size ? size - n : 0, " PROT_NONE");
	describe_bits(v & ~PTE_PFN_MASK, buf, size, n);
}

void vm_flags_describe(unsigned long f, char *buf, size_t size)
{
	static const char *const names[] = {
		"VM_READ",    "VM_WRITE",    "VM_EXEC",	    "VM_SHARED",
		"VM_MAYREAD", "VM_MAYWRITE", "VM_MAYEXEC", "VM_MAYSHARE",
		"VM_GROWSDOWN",
	};
	char rwxp[5];
	size_t n;

	vma_flags_str(f, rwxp);
	n = snprintf(buf, size, "%s (", rwxp);
	for (size_t i = 0, first = 1; i < ARRAY_SIZE(names); i++)
		if ((f & BIT(i)) && n < size) {
			n += snprintf(buf + n, size - n, "%s%s",
				      first ? "" : "|", names[i]);
			first = 0;
		}
	if (n < size)
		snprintf(buf + n, size - n, ")");
}
