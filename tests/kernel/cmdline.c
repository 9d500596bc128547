/*
 * cmdline.c - tests for the kernel command-line parser (kernel/cmdline.c).
 */
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"

static char val[64];

/* key=value words are found anywhere on the line; bare flags give "". */
static void finds_values_and_flags(struct ktest *t)
{
	const char *line = "loglevel=7 noswap ktest=pmm,swap mem=64M";

	KT_EXPECT_TRUE(t, cmdline_find(line, "loglevel", val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "7");
	KT_EXPECT_TRUE(t, cmdline_find(line, "ktest", val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "pmm,swap");
	KT_EXPECT_TRUE(t, cmdline_find(line, "noswap", val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "");
	KT_EXPECT_TRUE(t, cmdline_find(line, "mem", val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "64M");
}

/* A key must match a whole word: "mem" does not match "memtest=1". */
static void matches_whole_keys_only(struct ktest *t)
{
	KT_EXPECT_FALSE(t, cmdline_find("memtest=1 swapx", "mem", val, 8));
	KT_EXPECT_FALSE(t, cmdline_find("memtest=1 swapx", "swap", val, 8));
	KT_EXPECT_FALSE(t, cmdline_find("", "mem", val, 8));
}

/* The last occurrence wins, so CMDLINE= can override the defaults. */
static void last_occurrence_wins(struct ktest *t)
{
	KT_EXPECT_TRUE(t, cmdline_find("ktest=all x=1 ktest=none", "ktest",
				       val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "none");
}

/* Double quotes let a value hold spaces; long values are truncated. */
static void handles_quotes_and_truncation(struct ktest *t)
{
	KT_EXPECT_TRUE(t, cmdline_find("init=/bin/sh args=\"-c ls /\" q",
				       "args", val, sizeof(val)));
	KT_EXPECT_STREQ(t, val, "-c ls /");
	KT_EXPECT_TRUE(t, cmdline_find("k=abcdefgh", "k", val, 4));
	KT_EXPECT_STREQ(t, val, "abc");
}

/* Sizes with binary suffixes; garbage and overflow are refused. */
static void parses_sizes(struct ktest *t)
{
	u64 v;

	KT_EXPECT_EQ(t, parse_size("4096", &v), 0);
	KT_EXPECT_EQ(t, v, 4096);
	KT_EXPECT_EQ(t, parse_size("64k", &v), 0);
	KT_EXPECT_EQ(t, v, 65536);
	KT_EXPECT_EQ(t, parse_size("16M", &v), 0);
	KT_EXPECT_EQ(t, v, 16UL << 20);
	KT_EXPECT_EQ(t, parse_size("2G", &v), 0);
	KT_EXPECT_EQ(t, v, 2UL << 30);
	KT_EXPECT_EQ(t, parse_size("0x1000", &v), 0);
	KT_EXPECT_EQ(t, v, 4096);
	KT_EXPECT_EQ(t, parse_size("12Q", &v), -EINVAL);
	KT_EXPECT_EQ(t, parse_size("", &v), -EINVAL);
	KT_EXPECT_EQ(t, parse_size("M", &v), -EINVAL);
	KT_EXPECT_EQ(t, parse_size("99999999999999999999", &v), -EINVAL);
	KT_EXPECT_EQ(t, parse_size("17179869184G", &v), -EINVAL);
}

/* Comma lists select suites and trace categories. */
static void list_contains_matches_items(struct ktest *t)
{
	KT_EXPECT_TRUE(t, list_contains("fault,swap,cow", "swap"));
	KT_EXPECT_TRUE(t, list_contains("fault,swap,cow", "cow"));
	KT_EXPECT_TRUE(t, list_contains("pmm", "pmm"));
	KT_EXPECT_FALSE(t, list_contains("fault,swapin", "swap"));
	KT_EXPECT_FALSE(t, list_contains("", "swap"));
}

static const struct ktest_case cmdline_cases[] = {
	KTEST_CASE(finds_values_and_flags),
	KTEST_CASE(matches_whole_keys_only),
	KTEST_CASE(last_occurrence_wins),
	KTEST_CASE(handles_quotes_and_truncation),
	KTEST_CASE(parses_sizes),
	KTEST_CASE(list_contains_matches_items),
	{}
};
static const struct ktest_suite cmdline_suite = {
	.name = "cmdline",
	.cases = cmdline_cases,
};
KTEST_SUITE(cmdline_suite, 1);
