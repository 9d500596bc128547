/*
 * ktest.c - run the registered self-test suites and print KTAP version 1.
 *
 * Output shape (see ../shared/reference/ktap.md and README.md):
 *
 *	KTAP version 1
 *	1..2
 *	  KTAP version 1
 *	  # Subtest: printk
 *	  1..3
 *	  ok 1 formats_integers
 *	  # formats_strings: EXPECTATION FAILED at tests/kernel/printk.c:40
 *	  not ok 2 formats_strings
 *	  ok 3 pads_with_zeros # SKIP why
 *	not ok 1 printk
 *
 * Diagnostics come before the result line they belong to. Kernel log lines
 * (with their "[   1.234] " timestamps) may interleave; KTAP parsers ignore
 * them.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/cmdline.h"

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];
extern const struct ktest_resource __start_ktest_resources[];
extern const struct ktest_resource __stop_ktest_resources[];

#define MAX_RESOURCES 16
#define INDENT "  "

static bool suite_selected(const struct ktest_suite *s, const char *filter)
{
	if (!strcmp(filter, "all"))
		return !s->explicit_only;
	if (!strcmp(filter, "none"))
		return false;
	return list_contains(filter, s->name);
}

void ktest_diag(struct ktest *t, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	(void)t;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ktap_printf(INDENT "# %s\n", line);
}

static void fail_header(struct ktest *t, bool fatal, const char *file,
			int line)
{
	if (t->status != KTEST_FAIL)
		ktest_diag(t, "seed: %#lx", t->seed);
	t->status = KTEST_FAIL;
	ktest_diag(t, "%s: %s FAILED at %s:%d", t->name,
		   fatal ? "ASSERTION" : "EXPECTATION", file, line);
}

static void maybe_abort(struct ktest *t, bool fatal)
{
	if (fatal)
		longjmp(t->abort_env, 1);
}

void ktest_fail_binary(struct ktest *t, bool fatal, const char *file,
		       int line, const char *a, const char *op, const char *b,
		       u64 av, u64 bv)
{
	fail_header(t, fatal, file, line);
	ktest_diag(t, "Expected %s %s %s, but", a, op, b);
	ktest_diag(t, "    %s == %ld (%#lx)", a, (long)av, av);
	ktest_diag(t, "    %s == %ld (%#lx)", b, (long)bv, bv);
	maybe_abort(t, fatal);
}

void ktest_fail_bool(struct ktest *t, bool fatal, const char *file, int line,
		     const char *expr, bool expected)
{
	fail_header(t, fatal, file, line);
	ktest_diag(t, "Expected %s to be %s", expr,
		   expected ? "true" : "false");
	maybe_abort(t, fatal);
}

void ktest_fail_str(struct ktest *t, bool fatal, const char *file, int line,
		    const char *a, const char *b, const char *av,
		    const char *bv)
{
	fail_header(t, fatal, file, line);
	ktest_diag(t, "Expected %s == %s, but", a, b);
	ktest_diag(t, "    %s == \"%s\"", a, av ? av : "(null)");
	ktest_diag(t, "    %s == \"%s\"", b, bv ? bv : "(null)");
	maybe_abort(t, fatal);
}

void ktest_fail_msg(struct ktest *t, bool fatal, const char *file, int line,
		    const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail_header(t, fatal, file, line);
	ktest_diag(t, "%s", msg);
	maybe_abort(t, fatal);
}

void ktest_skip(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, ap);
	va_end(ap);
	if (t->status != KTEST_FAIL)
		t->status = KTEST_SKIP;
	longjmp(t->abort_env, 1);
}

/* FNV-1a of the test's full name: a fixed seed per test. */
static u64 name_seed(const char *suite, const char *name)
{
	u64 h = 0xcbf29ce484222325UL;

	for (const char *p = suite; *p; p++)
		h = (h ^ (u8)*p) * 0x100000001b3UL;
	for (const char *p = name; *p; p++)
		h = (h ^ (u8)*p) * 0x100000001b3UL;
	return h ? h : 1;
}

u64 ktest_rand(struct ktest *t)
{
	/* xorshift64* */
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545f4914f6cdd1dUL;
}

static int snapshot(long *vals)
{
	int n = 0;

	for (const struct ktest_resource *r = __start_ktest_resources;
	     r < __stop_ktest_resources && n < MAX_RESOURCES; r++)
		vals[n++] = r->count();
	return n;
}

static void check_leaks(struct ktest *t, const long *before, int n)
{
	long after[MAX_RESOURCES];

	snapshot(after);
	for (int i = 0; i < n; i++) {
		if (after[i] == before[i])
			continue;
		const struct ktest_resource *r = &__start_ktest_resources[i];
		if (t->status != KTEST_FAIL)
			ktest_diag(t, "seed: %#lx", t->seed);
		ktest_diag(t, "leak: %s: %ld before, %ld after (%+ld)",
			   r->name, before[i], after[i], after[i] - before[i]);
		t->status = KTEST_FAIL;
	}
}

static enum ktest_status run_case(const struct ktest_suite *s,
				  const struct ktest_case *c, int num)
{
	static struct ktest t; /* static: setjmp state must outlive frames */
	long before[MAX_RESOURCES];
	int nres = snapshot(before);

	t = (struct ktest){ .name = c->name, .suite = s };
	t.seed = name_seed(s->name, c->name);
	t.rng = t.seed;
	if (!setjmp(t.abort_env)) {
		if (s->init)
			s->init(&t);
		c->run(&t);
	}
	if (s->exit && !setjmp(t.abort_env))
		s->exit(&t);
	/* Skipped tests are leak-checked too: skipping must not leak. */
	check_leaks(&t, before, nres);

	if (t.status == KTEST_SKIP)
		ktap_printf(INDENT "ok %d %s # SKIP %s\n", num, c->name,
			    t.skip_reason);
	else
		ktap_printf(INDENT "%s %d %s\n",
			    t.status == KTEST_PASS ? "ok" : "not ok", num,
			    c->name);
	return t.status;
}

struct tally {
	int pass, fail, skip;
};

static void run_suite(const struct ktest_suite *s, int num,
		      struct tally *total)
{
	struct tally st = { 0 };
	int n = 0;

	while (s->cases[n].name)
		n++;
	ktap_printf(INDENT "KTAP version 1\n");
	ktap_printf(INDENT "# Subtest: %s\n", s->name);
	ktap_printf(INDENT "1..%d\n", n);
	for (int i = 0; i < n; i++) {
		enum ktest_status r = run_case(s, &s->cases[i], i + 1);
		if (r == KTEST_PASS)
			st.pass++;
		else if (r == KTEST_FAIL)
			st.fail++;
		else
			st.skip++;
	}
	if (st.fail)
		ktap_printf("not ok %d %s\n", num, s->name);
	else if (n && st.skip == n)
		ktap_printf("ok %d %s # SKIP all tests skipped\n", num,
			    s->name);
	else
		ktap_printf("ok %d %s\n", num, s->name);
	total->pass += st.pass;
	total->fail += st.fail;
	total->skip += st.skip;
}

int ktest_run_all(const char *filter, int extra)
{
	struct tally total = { 0 };
	int nsuites = 0, num = 0;

	for (const struct ktest_suite *const *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++)
		nsuites += suite_selected(*s, filter);
	if (!nsuites && !extra)
		return 1;
	ktap_printf("KTAP version 1\n");
	ktap_printf("1..%d\n", nsuites + extra);
	for (const struct ktest_suite *const *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++)
		if (suite_selected(*s, filter))
			run_suite(*s, ++num, &total);
	ktap_printf("# ktest: %d passed, %d failed, %d skipped\n", total.pass,
		    total.fail, total.skip);
	return num + 1;
}
