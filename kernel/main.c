/*
 * main.c - kmain: bring the machine up, one subsystem per line, in order.
 *
 * Entered from boot/head64.asm on the boot stack with the early page
 * tables, interrupts off. Each step may rely on every step above it.
 */
#include "drivers/ata.h"
#include "drivers/debug_exit.h"
#include "drivers/partition.h"
#include "drivers/pci.h"
#include "drivers/pit.h"
#include "drivers/serial.h"
#include "kernel/cmdline.h"
#include "kernel/exec.h"
#include "kernel/file.h"
#include "kernel/fpu.h"
#include "kernel/initramfs.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/trace.h"
#include "kernel/gdt.h"
#include "kernel/irq.h"
#include "kernel/ktest.h"
#include "kernel/multiboot.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/traps.h"
#include "kernel/x86.h"
#include "mm/memory.h"
#include "mm/vmscan.h"
#include "mm/mm.h"
#include "mm/swap.h"

/* Options that shape the rest of boot: loglevel=, panic=. */
static void apply_early_options(void)
{
	char val[32];
	u64 level;

	if (cmdline_get("loglevel", val, sizeof(val)) &&
	    !parse_u64(val, &level) && level <= 7)
		console_set_loglevel((int)level);
	if (cmdline_get("panic", val, sizeof(val)))
		panic_set_halt(!strcmp(val, "halt"));
}

/*
 * crashtest=panic|bug|hang|triple: fail on purpose after the self-tests, so
 * tests/run.py can prove it reports each way a kernel run can go wrong.
 */
static void crashtest(void)
{
	char what[16];

	if (!cmdline_get("crashtest", what, sizeof(what)))
		return;
	pr_info("crashtest: %s\n", what);
	if (!strcmp(what, "panic"))
		panic("crashtest requested a panic");
	if (!strcmp(what, "bug"))
		BUG_ON(strcmp(what, "bug") == 0);
	if (!strcmp(what, "hang")) {
		local_irq_disable();
		for (;;)
			halt();
	}
	if (!strcmp(what, "triple")) {
		/* No IDT at all: the next exception escalates to a reset. */
		struct {
			u16 limit;
			u64 base;
		} __packed empty = { 0, 0 };
		__asm__ __volatile__("lidt %0; int3" ::"m"(empty));
	}
}

/*
 * The kernel's suites, and whether init's "user" suite (the user-mode
 * test programs in /tests) follows: it does when /init is the default
 * init and ktest= selects "user" (or all). Returns the KTAP number the
 * user suite must carry, or 0 if it does not run.
 */
static int run_selftests(const char *init_path)
{
	char filter[256] = "all";

	cmdline_get("ktest", filter, sizeof(filter));
	bool user = !strcmp(init_path, "/init") && initramfs_lookup("/init") &&
		    (!strcmp(filter, "all") || list_contains(filter, "user"));
	int next = ktest_run_all(filter, user ? 1 : 0);
	return user ? next : 0;
}

/*
 * Like Linux, command-line words that are not kernel options reach init's
 * environment: here, any KEY=value whose KEY starts with a capital letter
 * (PRESSURE_MIB=64 for a test program run as init=).
 */
static void add_cmdline_env(struct exec_args *args)
{
	const char *p = cmdline();
	char word[96];

	while (*p) {
		size_t n = 0;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ' && n + 1 < sizeof(word))
			word[n++] = *p++;
		while (*p && *p != ' ')
			p++; /* a word too long to keep */
		word[n] = '\0';
		if (word[0] >= 'A' && word[0] <= 'Z' && strchr(word, '='))
			exec_args_add(args, word, true);
	}
}

/*
 * PID 1 starts as this kernel thread: it runs the self-tests (they may
 * sleep, so they need a task), then becomes the user program /init (or
 * init= on the command line) with its stdio on the console. Returning 0
 * after a successful exec enters user mode (kernel/switch.asm).
 */
static int kernel_init(void *unused)
{
	static struct exec_args args;
	char path[64] = "/init", index[40];

	(void)unused;
	kswapd_init(); /* pid 2: reclaims when free frames run low */
	cmdline_get("init", path, sizeof(path));
	int user_index = run_selftests(path); /* KTAP on COM1 */
	crashtest();
	if (!initramfs_lookup(path)) {
		pr_info("faultline: no %s in the initramfs\n", path);
		kernel_power_off(DEBUG_EXIT_OK);
	}
	current->files = files_alloc();
	if (current->files)
		console_open_stdio(current->files);
	exec_args_add(&args, path, false);
	exec_args_add(&args, "HOME=/", true);
	exec_args_add(&args, "PATH=/bin:/tests", true);
	exec_args_add(&args, "TERM=vt100", true);
	if (user_index) { /* init prints the user suite as this number */
		snprintf(index, sizeof(index), "FAULTLINE_KTAP_INDEX=%d",
			 user_index);
		exec_args_add(&args, index, true);
	}
	if (cmdline_has("shell")) /* make run: a shell after the tests */
		exec_args_add(&args, "FAULTLINE_SHELL=1", true);
	add_cmdline_env(&args);
	init_resources_snapshot();
	int err = do_execve(path, &args);
	if (!err)
		return 0; /* now a user process: enter it */
	pr_err("faultline: cannot run %s: error %d\n", path, err);
	kernel_power_off(DEBUG_EXIT_INIT_MAX);
}

void kmain(u32 magic, u64 info_phys)
{
	serial_init(); /* COM1: printk works from here on */
	if (multiboot_parse(magic, info_phys))
		panic("not booted by a multiboot2 loader (magic %#x)", magic);
	cmdline_init(boot_info()->cmdline);
	apply_early_options();
	trace_init(); /* trace= categories of the explain trace */
	pr_info("faultline: booting, command line \"%s\"\n", cmdline());

	gdt_init(); /* kernel/user segments, TSS, double-fault stack */
	fpu_init(); /* SSE on for user programs (the kernel never uses it) */
	idt_init(); /* exception and IRQ vectors */
	pic_init(); /* 8259s remapped to vectors 32..47, all masked */
	pit_init(); /* timer tick, HZ per second */
	local_irq_enable();
	mm_init(); /* frames, kernel page tables, heap, kernel stacks */
	zero_page_init(); /* the shared zero page of demand-zero reads */
	pci_init(); /* find the devices: IDE controller, ... */
	ata_init(); /* IDE disks hda..hdd as block devices */
	partitions_scan(); /* MBR/GPT partitions: hda1, hda5, ... */
	swap_init(); /* swapon every swap partition (swap=, noswap) */
	initramfs_init(); /* index the user programs GRUB loaded */
	syscall_init(); /* MSRs for `syscall`, the system-call table */
	sched_init(); /* this context becomes pid 0, the idle task */

	if (!kthread_create(kernel_init, NULL, "init"))
		panic("cannot create the init task");
	cpu_idle(); /* never returns */
}
