/*
 * traps.c - exceptions are decoded, and expected ones are recovered through
 * the exception fixup table instead of panicking (kernel/extable.c).
 */
#include "kernel/extable.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/traps.h"

/* A controlled #UD (ud2) is caught by its fixup; the kernel goes on. */
static void ud2_is_caught_by_fixup(struct ktest *t)
{
	KT_EXPECT_EQ(t, probe_ud2(), X86_TRAP_UD);
	KT_EXPECT_EQ(t, panic_count(), 0);
}

/* int3 is a trap (rip already past it); its fixup still matches. */
static void int3_is_caught_by_fixup(struct ktest *t)
{
	KT_EXPECT_EQ(t, probe_int3(), X86_TRAP_BP);
}

/* A kernel read of a non-canonical address raises #GP, which is caught. */
static void noncanonical_read_gives_gp(struct ktest *t)
{
	u8 v;

	extable_reset_last_fault();
	KT_EXPECT_NE(t, probe_read_u8((void *)0x8000000000000000UL, &v), 0);
	KT_EXPECT_EQ(t, extable_last_fault()->vector, X86_TRAP_GP);
}

/* A read from a normal kernel variable does not fault at all. */
static void probe_of_valid_memory_succeeds(struct ktest *t)
{
	static u8 x = 0x5a;
	u8 v = 0;

	extable_reset_last_fault();
	KT_EXPECT_EQ(t, probe_read_u8(&x, &v), 0);
	KT_EXPECT_EQ(t, v, 0x5a);
	KT_EXPECT_EQ(t, extable_last_fault()->vector, -1);
	KT_EXPECT_EQ(t, probe_write_u8(&x, 0xa5), 0);
	KT_EXPECT_EQ(t, x, 0xa5);
}

/* The #PF error code decodes into words a student can read. */
static void page_fault_bits_decode(struct ktest *t)
{
	char b[96];

	decode_pf_error(X86_PF_PROT | X86_PF_WRITE | X86_PF_USER, b,
			sizeof(b));
	KT_EXPECT_STREQ(t, b, "protection-violation write user");
	decode_pf_error(X86_PF_INSTR, b, sizeof(b));
	KT_EXPECT_STREQ(t, b, "not-present read kernel instruction-fetch");
	decode_pf_error(X86_PF_RSVD | X86_PF_PROT, b, sizeof(b));
	KT_EXPECT_STREQ(t, b, "protection-violation read kernel reserved-bit");
}

/* Every architectural exception vector has a name for the report. */
static void exception_names_are_known(struct ktest *t)
{
	KT_EXPECT_STREQ(t, trap_name(X86_TRAP_PF), "page fault");
	KT_EXPECT_STREQ(t, trap_name(X86_TRAP_GP), "general protection fault");
	KT_EXPECT_STREQ(t, trap_name(X86_TRAP_DF), "double fault");
	KT_EXPECT_STREQ(t, trap_name(40), "interrupt");
}

/* Backtraces name functions: an address inside a function resolves to
 * that function with the right offset; data addresses resolve to none. */
static void kallsyms_names_text_addresses(struct ktest *t)
{
	u64 off = 0, size = 0;
	const char *name = kallsyms_lookup((u64)trap_name + 3, &off, &size);

	KT_ASSERT_NOT_NULL(t, name);
	KT_EXPECT_STREQ(t, name, "trap_name");
	KT_EXPECT_EQ(t, off, 3);
	KT_EXPECT_GT(t, size, 3);
	KT_EXPECT_NULL(t, kallsyms_lookup((u64)&off, &off, &size));
}

static const struct ktest_case traps_cases[] = {
	KTEST_CASE(ud2_is_caught_by_fixup),
	KTEST_CASE(int3_is_caught_by_fixup),
	KTEST_CASE(noncanonical_read_gives_gp),
	KTEST_CASE(probe_of_valid_memory_succeeds),
	KTEST_CASE(page_fault_bits_decode),
	KTEST_CASE(exception_names_are_known),
	KTEST_CASE(kallsyms_names_text_addresses),
	{}
};
static const struct ktest_suite traps_suite = {
	.name = "traps",
	.cases = traps_cases,
};
KTEST_SUITE(traps_suite, 1);
