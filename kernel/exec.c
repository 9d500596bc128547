/*
 * exec.c - execve: an ELF file from the initramfs becomes the program.
 *
 * 1. validate the ELF (kernel/elf.c) - before anything is torn down;
 * 2. build a new mm: one VMA per PT_LOAD with the segment's permissions
 *    (text r-x, data rw- private = copy-on-write), its file bytes copied
 *    into fresh pages (there is no page cache), .bss left to demand-zero;
 *    a "[stack]" VMA that grows down; brk just above the program;
 * 3. write the SysV initial stack musl's _start expects:
 *
 *      high   16 random bytes (AT_RANDOM), the strings
 *             auxv pairs ... AT_NULL
 *             NULL, envp[envc-1] ... envp[0]
 *             NULL, argv[argc-1] ... argv[0]
 *      rsp -> argc                      (16-byte aligned)
 *
 * 4. switch to the new mm, free the old one, close O_CLOEXEC files, and
 *    point the user registers at the entry.
 */
#include "kernel/exec.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/fs.h"
#include "kernel/initramfs.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/traps.h"
#include "kernel/x86.h"
#include "mm/fork.h"
#include "mm/memory.h"
#include "mm/mmap.h"
#include "mm/uaccess.h"

#define STACK_TOP TASK_SIZE
#define STACK_INIT_SIZE (32 * PAGE_SIZE)

/* auxv keys (include/uapi/linux/auxvec.h) */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define NR_AUXV 17

int exec_args_add(struct exec_args *a, const char *s, bool env)
{
	size_t n = strlen(s) + 1;

	if (a->argc + a->envc >= MAX_ARG_STRINGS ||
	    a->used + n > sizeof(a->buf))
		return -E2BIG;
	memcpy(a->buf + a->used, s, n);
	a->used += n;
	if (env)
		a->envc++;
	else
		a->argc++;
	return 0;
}

static unsigned long segment_vm_flags(u32 p_flags)
{
	unsigned long f = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (p_flags & PF_R)
		f |= VM_READ;
	if (p_flags & PF_W)
		f |= VM_WRITE;
	if (p_flags & PF_X)
		f |= VM_EXEC;
	return f;
}

/* Map one PT_LOAD and copy its file bytes page by page. */
static int load_segment(struct mm_struct *mm, const struct initramfs_file *f,
			const struct elf64_phdr *ph, u64 bias, const char *name)
{
	u64 vaddr = ph->p_vaddr + bias;
	u64 start = ALIGN_DOWN(vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(vaddr + ph->p_memsz, PAGE_SIZE);
	u64 file_end = vaddr + ph->p_filesz;

	unsigned long r = mmap_region(mm, start, end - start,
				      segment_vm_flags(ph->p_flags), name);
	if (IS_ERR_VALUE(r))
		return (int)r;
	struct vm_area_struct *vma = find_vma(mm, start);
	for (u64 page = start; page < file_end; page += PAGE_SIZE) {
		u64 from = MAX(page, vaddr), to = MIN(page + PAGE_SIZE, file_end);
		const u8 *src = f->data + ph->p_offset + (from - vaddr);
		int err = install_anon_copy(vma, page, src, from - page,
					    to - from);
		if (err)
			return err;
	}
	return 0;
}

static int load_program(struct mm_struct *mm, const struct initramfs_file *f,
			const struct elf_info *info, const char *name)
{
	for (int i = 0; i < info->phnum; i++) {
		const struct elf64_phdr *ph = &info->phdrs[i];
		if (ph->p_type != PT_LOAD)
			continue;
		int err = load_segment(mm, f, ph, info->load_bias, name);
		if (err)
			return err;
	}
	mm->start_brk = mm->brk = info->highest;
	unsigned long flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
			      VM_MAYEXEC | VM_GROWSDOWN;
	if (info->exec_stack)
		flags |= VM_EXEC;
	unsigned long r = mmap_region(mm, STACK_TOP - STACK_INIT_SIZE,
				      STACK_INIT_SIZE, flags, "[stack]");
	mm->start_stack = STACK_TOP;
	return IS_ERR_VALUE(r) ? (int)r : 0;
}

/* Push bytes below *sp in the (loaded) new mm; returns their address. */
static u64 push_bytes(u64 *sp, const void *data, size_t n, int *err)
{
	*sp -= n;
	if (copy_to_user((void *)*sp, data, n))
		*err = -EFAULT;
	return *sp;
}

static u64 random_u64(void)
{
	static u64 x = 0x9e3779b97f4a7c15UL;

	x ^= rdtsc();
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* The initial stack (see the top of this file). Returns rsp or 0. */
static u64 setup_stack(const struct exec_args *a, const struct elf_info *in,
		       const char *path)
{
	u64 sp = STACK_TOP, ptrs[MAX_ARG_STRINGS];
	int err = 0, n = a->argc + a->envc;
	u64 rnd[2] = { random_u64(), random_u64() };

	u64 at_random = push_bytes(&sp, rnd, sizeof(rnd), &err);
	u64 execfn = push_bytes(&sp, path, strlen(path) + 1, &err);
	const char *s = a->buf;
	for (int i = 0; i < n; i++, s += strlen(s) + 1)
		ptrs[i] = push_bytes(&sp, s, strlen(s) + 1, &err);
	u64 auxv[2 * NR_AUXV] = {
		AT_PHDR, in->phdr_addr, AT_PHENT, in->phentsize,
		AT_PHNUM, in->phnum, AT_PAGESZ, PAGE_SIZE,
		AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, in->entry,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
		AT_HWCAP, 0, AT_CLKTCK, HZ, AT_SECURE, 0,
		AT_RANDOM, at_random, AT_EXECFN, execfn, AT_NULL, 0,
	};
	/* argc + argv + NULL + envp + NULL + auxv, rsp 16-byte aligned */
	size_t words = 1 + a->argc + 1 + a->envc + 1 + ARRAY_SIZE(auxv);
	sp = ALIGN_DOWN(sp, 16) - (words & 1) * 8;
	push_bytes(&sp, auxv, sizeof(auxv), &err);
	u64 zero = 0;
	push_bytes(&sp, &zero, 8, &err);
	for (int i = n - 1; i >= a->argc; i--)
		push_bytes(&sp, &ptrs[i], 8, &err);
	push_bytes(&sp, &zero, 8, &err);
	for (int i = a->argc - 1; i >= 0; i--)
		push_bytes(&sp, &ptrs[i], 8, &err);
	u64 argc = a->argc;
	push_bytes(&sp, &argc, 8, &err);
	return err ? 0 : sp;
}

static void start_thread(struct pt_regs *regs, u64 entry, u64 sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = entry;
	regs->rsp = sp;
	regs->cs = GDT_USER_CS;
	regs->ss = GDT_USER_DS;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
}

static void set_comm(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, sizeof(current->comm));
}

int do_execve(const char *path, struct exec_args *args)
{
	char canon[FS_PATH_MAX];
	if (fs_resolve_cwd(path, canon) < 0)
		return -ENOENT;
	path = canon; /* "./prog" after chdir: relative to the cwd */
	const struct initramfs_file *f = initramfs_lookup(path);
	struct elf_info info;
	const char *why;

	if (!f)
		return -ENOENT;
	if (!S_ISREG(f->mode))
		return -EACCES;
	if (elf_parse(f->data, f->size, MMAP_MIN_ADDR,
		      STACK_TOP - STACK_INIT_SIZE - STACK_GUARD_GAP, &info,
		      &why)) {
		pr_info("execve: %s: %s\n", path, why);
		return -ENOEXEC;
	}
	struct mm_struct *mm = mm_alloc(), *old = current->mm;
	if (!mm)
		return -ENOMEM;
	int err = load_program(mm, f, &info, f->path);
	switch_mm(mm);
	u64 sp = err ? 0 : setup_stack(args, &info, path);
	if (!sp) {
		switch_mm(old);
		mmput(mm);
		return err ? err : -EFAULT;
	}
	/* Point of no return: the old program is gone from here on. */
	current->mm = mm;
	if (old) {
		current->min_flt += old->stats.events[MM_MIN_FLT];
		current->maj_flt += old->stats.events[MM_MAJ_FLT];
		mmput(old);
	}
	if (current->files)
		files_close_on_exec(current->files);
	current->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_state_init(&current->fpu); /* a new program: clean registers */
	fpu_restore(&current->fpu);
	set_comm(path);
	start_thread(task_pt_regs(current), info.entry, sp);
	return 0;
}

/* Copy a NULL-terminated array of user string pointers. */
static int copy_strings(struct exec_args *a, const char *const __user *uv,
			bool env)
{
	char s[256];

	for (int i = 0; uv; i++) {
		const char *up;
		if (copy_from_user(&up, &uv[i], sizeof(up)))
			return -EFAULT;
		if (!up)
			return 0;
		long n = strncpy_from_user(s, up, sizeof(s));
		if (n < 0)
			return n == -ENAMETOOLONG ? -E2BIG : (int)n;
		int err = exec_args_add(a, s, env);
		if (err)
			return err;
	}
	return 0;
}

static long sys_execve(const char __user *upath,
		       const char *const __user *argv,
		       const char *const __user *envp)
{
	char path[128];
	long n = strncpy_from_user(path, upath, sizeof(path));

	if (n < 0)
		return n;
	struct exec_args *a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	long err = copy_strings(a, argv, false);
	if (!err)
		err = copy_strings(a, envp, true);
	if (!err)
		err = do_execve(path, a);
	kfree(a);
	return err;
}
SYSCALL(__NR_execve, sys_execve);
