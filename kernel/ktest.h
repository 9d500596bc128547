/*
 * ktest.h - in-kernel self-tests, reported as KTAP version 1 (like KUnit).
 *
 *	static void two_plus_two(struct ktest *t)
 *	{
 *		KT_EXPECT_EQ(t, 2 + 2, 4);
 *	}
 *	static const struct ktest_case arith_cases[] = {
 *		KTEST_CASE(two_plus_two),
 *		{}
 *	};
 *	static const struct ktest_suite arith_suite = {
 *		.name = "arith", .cases = arith_cases,
 *	};
 *	KTEST_SUITE(arith_suite, 1);
 *
 * Suites register through a linker section (no list to maintain) and run in
 * layer order, then link order. ktest= on the command line selects them
 * (all | none | a comma list of suite names).
 *
 * KT_EXPECT_* records a failure and goes on; KT_ASSERT_* records it and
 * ends the test at once (the test's exit hook still runs). Every test runs
 * inside a resource check: each registered counter (free frames, heap bytes,
 * swap slots, ...) must be back at its starting value after the test, or the
 * test fails naming the leak.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/setjmp.h"
#include "kernel/string.h"
#include "kernel/types.h"

enum ktest_status { KTEST_PASS, KTEST_FAIL, KTEST_SKIP };

struct ktest_suite;

struct ktest {
	const char *name;
	const struct ktest_suite *suite;
	enum ktest_status status;
	char skip_reason[128];
	jmp_buf abort_env; /* where KT_ASSERT_* and ktest_skip() jump */
	u64 seed; /* fixed per test (hash of its name); printed on failure */
	u64 rng; /* state of ktest_rand() */
	void *priv; /* the suite's per-test data (set up by .init) */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases; /* ends with an empty entry */
	/* Per-test setup/teardown; init may ktest_skip(). */
	void (*init)(struct ktest *t);
	void (*exit)(struct ktest *t);
	/* Runs only when named in ktest=, never for "all" (the canary). */
	bool explicit_only;
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }

/* Layer numbers: 1 core, 2 mm core, 3 vma/fault, 4 drivers, 5 swap area,
 * 6 processes, 7 swapping, 8 user-mode. One digit: SORT() orders them. */
#define KTEST_SUITE(suite, layer)                                          \
	static const struct ktest_suite *const __ktest_ptr_##suite __used  \
		__section(".ktest_suites." #layer "." #suite) = &suite

/* A counter that must not change across a test (leak check). */
struct ktest_resource {
	const char *name; /* e.g. "frames", printed in the leak message */
	long (*count)(void);
};
#define KTEST_RESOURCE(var, rname, fn)                                   \
	static const struct ktest_resource var __used                    \
		__section(".ktest_resources") __aligned(8) = { rname, fn }

/* Run the suites selected by filter ("all", "none", or "a,b,c").
 * extra: suites that will follow from user space (init's "user"
 * suite), counted in the top-level plan. Returns the number the next
 * suite must carry (1 + the suites run here). */
int ktest_run_all(const char *filter, int extra);

__printf(2, 3) __noreturn void ktest_skip(struct ktest *t, const char *fmt,
					   ...);
__printf(2, 3) void ktest_diag(struct ktest *t, const char *fmt, ...);
/* Deterministic pseudo-random numbers from the test's seed. */
u64 ktest_rand(struct ktest *t);

/* Used by the macros below. */
void ktest_fail_binary(struct ktest *t, bool fatal, const char *file,
		       int line, const char *a, const char *op, const char *b,
		       u64 av, u64 bv);
void ktest_fail_bool(struct ktest *t, bool fatal, const char *file, int line,
		     const char *expr, bool expected);
void ktest_fail_str(struct ktest *t, bool fatal, const char *file, int line,
		    const char *a, const char *b, const char *av,
		    const char *bv);
__printf(5, 6) void ktest_fail_msg(struct ktest *t, bool fatal,
				   const char *file, int line,
				   const char *fmt, ...);

#define KT_BINARY(t, fatal, a, op, b)                                      \
	do {                                                               \
		/* both in their common type, each evaluated once */      \
		typeof(0 ? (a) : (b)) __a = (a);                           \
		typeof(0 ? (a) : (b)) __b = (b);                           \
		if (!(__a op __b))                                         \
			ktest_fail_binary(t, fatal, __FILE__, __LINE__, #a, \
					  #op, #b, (u64)__a, (u64)__b);    \
	} while (0)

#define KT_BOOL(t, fatal, expr, want)                                      \
	do {                                                               \
		bool __v = (expr);                                         \
		if (__v != (want))                                         \
			ktest_fail_bool(t, fatal, __FILE__, __LINE__,      \
					#expr, want);                      \
	} while (0)

#define KT_STR(t, fatal, a, b)                                             \
	do {                                                               \
		const char *__a = (a), *__b = (b);                         \
		if (!__a || !__b || strcmp(__a, __b))                      \
			ktest_fail_str(t, fatal, __FILE__, __LINE__, #a,   \
				       #b, __a, __b);                      \
	} while (0)

#define KT_EXPECT_EQ(t, a, b) KT_BINARY(t, false, a, ==, b)
#define KT_EXPECT_NE(t, a, b) KT_BINARY(t, false, a, !=, b)
#define KT_EXPECT_LT(t, a, b) KT_BINARY(t, false, a, <, b)
#define KT_EXPECT_LE(t, a, b) KT_BINARY(t, false, a, <=, b)
#define KT_EXPECT_GT(t, a, b) KT_BINARY(t, false, a, >, b)
#define KT_EXPECT_GE(t, a, b) KT_BINARY(t, false, a, >=, b)
#define KT_EXPECT_TRUE(t, e) KT_BOOL(t, false, e, true)
#define KT_EXPECT_FALSE(t, e) KT_BOOL(t, false, e, false)
#define KT_EXPECT_NULL(t, p) KT_BINARY(t, false, (const void *)(p), ==, NULL)
#define KT_EXPECT_NOT_NULL(t, p) \
	KT_BINARY(t, false, (const void *)(p), !=, NULL)
#define KT_EXPECT_STREQ(t, a, b) KT_STR(t, false, a, b)

#define KT_ASSERT_EQ(t, a, b) KT_BINARY(t, true, a, ==, b)
#define KT_ASSERT_NE(t, a, b) KT_BINARY(t, true, a, !=, b)
#define KT_ASSERT_LT(t, a, b) KT_BINARY(t, true, a, <, b)
#define KT_ASSERT_LE(t, a, b) KT_BINARY(t, true, a, <=, b)
#define KT_ASSERT_GT(t, a, b) KT_BINARY(t, true, a, >, b)
#define KT_ASSERT_GE(t, a, b) KT_BINARY(t, true, a, >=, b)
#define KT_ASSERT_TRUE(t, e) KT_BOOL(t, true, e, true)
#define KT_ASSERT_FALSE(t, e) KT_BOOL(t, true, e, false)
#define KT_ASSERT_NULL(t, p) KT_BINARY(t, true, (const void *)(p), ==, NULL)
#define KT_ASSERT_NOT_NULL(t, p) \
	KT_BINARY(t, true, (const void *)(p), !=, NULL)
#define KT_ASSERT_STREQ(t, a, b) KT_STR(t, true, a, b)

#define KT_FAIL(t, fmt, ...) \
	ktest_fail_msg(t, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif
