// SPDX-License-Identifier: MIT
/*
 * forbidden_access_sigsegv - every access the protections forbid kills the
 * process with SIGSEGV, and the parent sees exactly that in wait4
 * (WIFSIGNALED, WTERMSIG == SIGSEGV): writes to text, .rodata and
 * read-only mappings; instruction fetches from non-executable memory
 * (.data, the stack, a read-write or read-only mapping); reads, writes and
 * jumps to the kernel half, to non-canonical addresses, to NULL and the
 * guard region below the program; any access to PROT_NONE.
 *
 * Pins down DESIGN.md's protection table from the user side (NX on every
 * non-executable mapping, no RW on read-only ones, nothing user-accessible
 * in the kernel half), access_error()'s refusals, and the rule "a user
 * fault becomes a signal-style kill, never a kernel crash" (a #GP from a
 * non-canonical address included). Controls prove the probes themselves
 * work: the same `ret` runs in an executable mapping, the same addresses
 * can be read where reading is allowed.
 */
#include <sys/mman.h>

#include "check.h"

#define RET_INSN 0xc3 /* x86 `ret` */
#define KERNEL_DIRECT_MAP 0xffff888000000000UL
#define KERNEL_IMAGE 0xffffffff80000000UL
/* First address past the 4-level user half (canonical under LA57). */
#define NON_CANONICAL_LOW 0x0000800000000000UL
#define NON_CANONICAL_HIGH 0x8000000000000000UL

static const char rodata[PAGE_SIZE] = "read-only data";
static unsigned char data_page[2 * PAGE_SIZE] = { RET_INSN };

static void text_target(void)
{
	__asm__ volatile("");
}

/* Call the code at addr (a `ret`, if it is allowed to run at all). */
static void call_child(void *addr)
{
	void (*fn)(void) = (void (*)(void))addr;

	fn();
}

static void call_on_stack_child(void *unused)
{
	volatile unsigned char code[64];

	(void)unused;
	code[0] = RET_INSN;
	((void (*)(void))(uintptr_t)code)();
}

#define CHECK_EXEC_DIES(addr, what) \
	CHECK_KILLED(run_in_child(call_child, (void *)(addr)), SIGSEGV, what)

static unsigned char *map_page(int prot, unsigned char first_byte)
{
	unsigned char *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED, "mmap of one page succeeds");
	p[0] = first_byte;
	REQUIRE(mprotect(p, PAGE_SIZE, prot) == 0, "mprotect succeeds");
	return p;
}

static void writes_to_read_only_memory_die(void)
{
	unsigned char *ro = map_page(PROT_READ, 1);
	unsigned char *rx = map_page(PROT_READ | PROT_EXEC, RET_INSN);

	CHECK_WRITE_DIES((uintptr_t)text_target,
			 "a write to the program's text dies");
	CHECK_WRITE_DIES((uintptr_t)rodata, "a write to .rodata dies");
	CHECK_READ_OK((uintptr_t)rodata, "(control) .rodata can be read");
	CHECK_WRITE_DIES(ro, "a write to a PROT_READ mapping dies");
	CHECK_READ_OK(ro, "(control) a PROT_READ mapping can be read");
	CHECK_WRITE_DIES(rx, "a write to a PROT_READ|PROT_EXEC mapping dies");
	CHECK_EQ(ro[0], 1, "a failed write leaves the page unchanged");
	munmap(ro, PAGE_SIZE);
	munmap(rx, PAGE_SIZE);
}

static void executing_data_dies(void)
{
	unsigned char *rw = map_page(PROT_READ | PROT_WRITE, RET_INSN);
	unsigned char *ro = map_page(PROT_READ, RET_INSN);
	unsigned char *rx = map_page(PROT_READ | PROT_EXEC, RET_INSN);

	CHECK_EXITED(run_in_child(call_child, rx), EXIT_SURVIVED,
		     "(control) a `ret` in a PROT_EXEC mapping runs");
	CHECK_EXITED(run_in_child(call_child, (void *)text_target),
		     EXIT_SURVIVED, "(control) calling text works");
	CHECK_EXEC_DIES(rw, "executing a read-write (non-exec) mapping dies");
	CHECK_EXEC_DIES(ro, "executing a read-only (non-exec) mapping dies");
	CHECK_EXEC_DIES(data_page, "executing .data dies (it is NX)");
	CHECK_KILLED(run_in_child(call_on_stack_child, NULL), SIGSEGV,
		     "executing the stack dies (it is NX)");
	munmap(rw, PAGE_SIZE);
	munmap(ro, PAGE_SIZE);
	munmap(rx, PAGE_SIZE);
}

static void kernel_and_non_canonical_addresses_die(void)
{
	CHECK_READ_DIES(KERNEL_DIRECT_MAP,
			"a read of the kernel's direct map dies");
	CHECK_WRITE_DIES(KERNEL_DIRECT_MAP,
			 "a write to the kernel's direct map dies");
	CHECK_READ_DIES(KERNEL_IMAGE, "a read of the kernel image dies");
	CHECK_EXEC_DIES(KERNEL_IMAGE, "a jump into the kernel image dies");
	CHECK_READ_DIES(NON_CANONICAL_LOW,
			"a read just past the 4-level user half (#GP there) "
			"dies with SIGSEGV");
	CHECK_WRITE_DIES(NON_CANONICAL_HIGH,
			 "a write to a non-canonical address (#GP) dies with "
			 "SIGSEGV");
}

static void null_and_guard_region_die(void)
{
	CHECK_READ_DIES(0, "a NULL read dies");
	CHECK_WRITE_DIES(0, "a NULL write dies");
	CHECK_EXEC_DIES(0, "a call through a NULL function pointer dies");
	CHECK_READ_DIES(PAGE_SIZE, "a read of the second page dies");
	CHECK_READ_DIES(0x3ff000, "a read just below the program (the "
				  "guard region ends at 0x3fffff) dies");
}

static void prot_none_dies(void)
{
	unsigned char *none = map_page(PROT_NONE, 1);

	CHECK_READ_DIES(none, "a read of PROT_NONE memory dies");
	CHECK_WRITE_DIES(none, "a write to PROT_NONE memory dies");
	CHECK_EXEC_DIES(none, "executing PROT_NONE memory dies");
	munmap(none, PAGE_SIZE);
}

int main(void)
{
	writes_to_read_only_memory_die();
	executing_data_dies();
	kernel_and_non_canonical_addresses_die();
	null_and_guard_region_die();
	prot_none_dies();
	return check_status();
}
