/*
 * procfs.c - /proc/self/pagemap, /proc/meminfo, /proc/vmstat and
 * /proc/faultline/trace (see procfs.h for the formats).
 *
 * Text files are rendered once, at open, into a buffer the reads walk
 * through; pagemap is computed entry by entry at read time from the
 * reader's own page tables.
 */
#include "kernel/procfs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/trace.h"
#include "kernel/uio.h"
#include "mm/memory.h"
#include "mm/swap_state.h"
#include "mm/swapops.h"
#include "mm/vma.h"

#define PM_ENTRY_BYTES 8
#define PROC_TEXT_MAX 1024

bool procfs_path(const char *canon)
{
	return !strcmp(canon, "/proc") || str_starts_with(canon, "/proc/");
}

u64 pagemap_entry(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep = mm ? pte_lookup(mm->pgd, addr) : NULL;
	pte_t pte = ptep ? ptep_get(ptep) : __pte(0);

	if (pte_none(pte))
		return 0;
	if (is_swap_pte(pte)) {
		swp_entry_t e = pte_to_swp_entry(pte);
		return PM_SWAP | ((swp_offset(e) << PM_SWAP_TYPE_BITS |
				   swp_type(e)) & PM_PFRAME_MASK);
	}
	u64 v = PM_PRESENT | (pte_pfn(pte) & PM_PFRAME_MASK);
	struct page *page = is_zero_pfn(pte_pfn(pte)) ? NULL : pte_page(pte);
	if (page && page_mapcount(page) == 1)
		v |= PM_MMAP_EXCLUSIVE;
	return v;
}

/* pagemap: entries from *pos on; Linux wants 8-byte aligned reads. */
static ssize_t pagemap_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	size_t want = iov_iter_count(to);
	ssize_t done = 0;

	(void)f;
	if (*pos % PM_ENTRY_BYTES || want % PM_ENTRY_BYTES)
		return -EINVAL;
	while (want - done >= PM_ENTRY_BYTES) {
		unsigned long addr = (*pos / PM_ENTRY_BYTES) << PAGE_SHIFT;
		if (addr >= TASK_SIZE)
			break;
		u64 e = pagemap_entry(current->mm, addr);
		if (copy_to_iter(&e, sizeof(e), to) != sizeof(e))
			return done ? done : -EFAULT;
		*pos += PM_ENTRY_BYTES;
		done += PM_ENTRY_BYTES;
	}
	return done;
}

static const struct file_operations pagemap_fops = {
	.read_iter = pagemap_read,
	.seekable = true,
};

/* --- text files: rendered at open into a buffer --- */

struct proc_text {
	size_t len;
	char buf[PROC_TEXT_MAX];
};

static ssize_t text_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	struct proc_text *t = f->private_data;

	if (*pos >= t->len)
		return 0;
	size_t n = MIN(t->len - *pos, iov_iter_count(to));
	size_t copied = copy_to_iter(t->buf + *pos, n, to);
	if (!copied && n)
		return -EFAULT;
	*pos += copied;
	return copied;
}

static void text_release(struct file *f)
{
	kfree(f->private_data);
}

static void render_meminfo(struct proc_text *t)
{
	long kb = PAGE_SIZE / 1024;

	t->len = snprintf(t->buf, sizeof(t->buf),
			  "MemTotal:       %8lu kB\n"
			  "MemFree:        %8lu kB\n"
			  "SwapCached:     %8ld kB\n"
			  "SwapTotal:      %8ld kB\n"
			  "SwapFree:       %8ld kB\n",
			  nr_total_frames() * kb, nr_free_frames() * kb,
			  swap_cache_pages() * kb, get_total_swap_pages() * kb,
			  get_nr_swap_pages() * kb);
}

static void render_vmstat(struct proc_text *t)
{
	struct swap_stats s;

	swap_get_stats(&s);
	t->len = snprintf(t->buf, sizeof(t->buf),
			  "pgfault %lu\npgmajfault %lu\npswpin %lu\n"
			  "pswpout %lu\ncow_copy %lu\ncow_reuse %lu\n"
			  "zero_page_map %lu\n",
			  vm_event_total(MM_MIN_FLT) + vm_event_total(MM_MAJ_FLT),
			  vm_event_total(MM_MAJ_FLT), s.pswpin, s.pswpout,
			  vm_event_total(MM_COW_COPY),
			  vm_event_total(MM_COW_REUSE),
			  vm_event_total(MM_ZERO_PAGE));
}

static void render_trace(struct proc_text *t)
{
	trace_describe(t->buf, sizeof(t->buf) - 1);
	t->len = strlen(t->buf);
	t->buf[t->len++] = '\n';
}

/* Writing "swap,cow\n" (or all / none) switches the trace at run time. */
static ssize_t trace_write(struct file *f, struct iov_iter *from, u64 *pos)
{
	char words[64];
	size_t n = MIN(iov_iter_count(from), sizeof(words) - 1);

	(void)f;
	(void)pos;
	if (copy_from_iter(words, n, from) != n)
		return -EFAULT;
	words[n] = '\0';
	while (n && (words[n - 1] == '\n' || words[n - 1] == ' '))
		words[--n] = '\0';
	int mask = trace_parse(words);
	if (mask < 0)
		return -EINVAL;
	trace_mask = mask;
	return (ssize_t)iov_iter_count(from) + (ssize_t)n;
}

static const struct file_operations text_fops = {
	.read_iter = text_read,
	.seekable = true,
	.release = text_release,
};

static const struct file_operations trace_fops = {
	.read_iter = text_read,
	.write_iter = trace_write,
	.seekable = true,
	.release = text_release,
};

static struct file *open_text(void (*render)(struct proc_text *),
			      const struct file_operations *ops,
			      unsigned int flags, int *err)
{
	struct proc_text *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct file *f = t ? file_alloc(ops, t, flags) : NULL;

	if (!f) {
		kfree(t);
		*err = -ENOMEM;
		return NULL;
	}
	render(t);
	return f;
}

struct file *procfs_open(const char *canon, unsigned int flags, int *err)
{
	bool write = (flags & O_ACCMODE) != O_RDONLY;

	*err = 0;
	if (!strcmp(canon, "/proc/faultline/trace"))
		return open_text(render_trace, &trace_fops, flags, err);
	if (write) {
		*err = -EACCES;
		return NULL;
	}
	if (!strcmp(canon, "/proc/self/pagemap")) {
		struct file *f = file_alloc(&pagemap_fops, NULL, flags);
		*err = f ? 0 : -ENOMEM;
		return f;
	}
	if (!strcmp(canon, "/proc/meminfo"))
		return open_text(render_meminfo, &text_fops, flags, err);
	if (!strcmp(canon, "/proc/vmstat"))
		return open_text(render_vmstat, &text_fops, flags, err);
	*err = -ENOENT;
	return NULL;
}
