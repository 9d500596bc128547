/*
 * printk.c - tests for vsnprintf (kernel/printk.c): every format the
 * kernel's messages and KTAP output rely on.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"

static char buf[128];

/* Not marked __printf: the tests feed it odd formats on purpose. */
static const char *fmt_unchecked(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}
#define FMT(...) fmt_unchecked(__VA_ARGS__)

/* %d %i %u with signs and the extremes of each width. */
static void formats_integers(struct ktest *t)
{
	KT_EXPECT_STREQ(t, FMT("%d", 0), "0");
	KT_EXPECT_STREQ(t, FMT("%d", -42), "-42");
	KT_EXPECT_STREQ(t, FMT("%i", 7), "7");
	KT_EXPECT_STREQ(t, FMT("%u", 4294967295u), "4294967295");
	KT_EXPECT_STREQ(t, FMT("%ld", -9223372036854775807L - 1),
			"-9223372036854775808");
	KT_EXPECT_STREQ(t, FMT("%lu", 18446744073709551615UL),
			"18446744073709551615");
	KT_EXPECT_STREQ(t, FMT("%zu", (size_t)4096), "4096");
	KT_EXPECT_STREQ(t, FMT("%hd", (short)-1), "-1");
}

/* %x %X %lx %o and the '#' alternate form. */
static void formats_hex_and_octal(struct ktest *t)
{
	KT_EXPECT_STREQ(t, FMT("%x", 0xdeadbeef), "deadbeef");
	KT_EXPECT_STREQ(t, FMT("%X", 0xbeef), "BEEF");
	KT_EXPECT_STREQ(t, FMT("%lx", 0xffff888000000000UL),
			"ffff888000000000");
	KT_EXPECT_STREQ(t, FMT("%#lx", 0x1000UL), "0x1000");
	KT_EXPECT_STREQ(t, FMT("%o", 8), "10");
}

/* Width, zero padding, left alignment, as used to align log columns. */
static void pads_width_zero_and_left(struct ktest *t)
{
	KT_EXPECT_STREQ(t, FMT("%5d", 42), "   42");
	KT_EXPECT_STREQ(t, FMT("%05d", 42), "00042");
	KT_EXPECT_STREQ(t, FMT("%05d", -42), "-0042");
	KT_EXPECT_STREQ(t, FMT("%-5d|", 42), "42   |");
	KT_EXPECT_STREQ(t, FMT("%016lx", 0x1234UL), "0000000000001234");
	KT_EXPECT_STREQ(t, FMT("%*d", 4, 7), "   7");
	KT_EXPECT_STREQ(t, FMT("%-6s|", "ab"), "ab    |");
}

/* %s (with precision and NULL), %c, %p, %% and an unknown conversion. */
static void formats_strings_chars_pointers(struct ktest *t)
{
	KT_EXPECT_STREQ(t, FMT("%s", "swap"), "swap");
	KT_EXPECT_STREQ(t, FMT("%.3s", "swapfile"), "swa");
	KT_EXPECT_STREQ(t, FMT("%s", (char *)NULL), "(null)");
	KT_EXPECT_STREQ(t, FMT("%c%c", 'o', 'k'), "ok");
	KT_EXPECT_STREQ(t, FMT("%p", (void *)0xffffffff80100000UL),
			"0xffffffff80100000");
	KT_EXPECT_STREQ(t, FMT("%p", (void *)0x1000), "0x0000000000001000");
	KT_EXPECT_STREQ(t, FMT("100%%"), "100%");
	KT_EXPECT_STREQ(t, FMT("%q"), "%q");
}

static int vsnprintf_len(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	return n;
}

/* snprintf never overruns, always terminates, returns the full length. */
static void truncates_and_returns_full_length(struct ktest *t)
{
	char small[6];

	KT_EXPECT_EQ(t, snprintf(small, sizeof(small), "%s", "faultline"), 9);
	KT_EXPECT_STREQ(t, small, "fault");
	KT_EXPECT_EQ(t, snprintf(small, 1, "abc"), 3);
	KT_EXPECT_EQ(t, small[0], '\0');
	KT_EXPECT_EQ(t, vsnprintf_len("%d", 12345), 5);
}

/* Messages above the console loglevel are dropped, others printed. */
static size_t captured;
static void capture(const char *s, size_t n)
{
	(void)s;
	captured += n;
}

static void loglevel_filters_messages(struct ktest *t)
{
	int old = console_get_loglevel();

	console_set_writer(capture);
	console_set_loglevel(4);
	captured = 0;
	pr_info("hidden\n");
	size_t after_info = captured;
	pr_err("shown\n");
	size_t after_err = captured;
	console_set_loglevel(old);
	console_set_writer(NULL);
	KT_EXPECT_EQ(t, after_info, 0);
	KT_EXPECT_GT(t, after_err, 0);
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(formats_integers),
	KTEST_CASE(formats_hex_and_octal),
	KTEST_CASE(pads_width_zero_and_left),
	KTEST_CASE(formats_strings_chars_pointers),
	KTEST_CASE(truncates_and_returns_full_length),
	KTEST_CASE(loglevel_filters_messages),
	{}
};
static const struct ktest_suite printk_suite = {
	.name = "printk",
	.cases = printk_cases,
};
KTEST_SUITE(printk_suite, 1);
