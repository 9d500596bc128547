/*
 * canary.c - tests that fail on purpose, to prove failures are seen.
 *
 * Never part of ktest=all. tests/boots.py boots once with ktest=canary and
 * checks each outcome below exactly: if the framework ever stopped
 * reporting an expectation, an abort, a leak or a skip, that boot fails.
 */
#include "kernel/ktest.h"

static long canary_count;
static bool after_assert_reached;
static bool exit_ran_after_assert;

static long canary_resource(void)
{
	return canary_count;
}
KTEST_RESOURCE(canary_res, "canary", canary_resource);

/* Must be reported "not ok" with file:line and both values. */
static void expectation_failure_is_reported(struct ktest *t)
{
	KT_EXPECT_EQ(t, 1 + 1, 3);
}

/* Must be "not ok", and the code after the assertion must not run. */
static void assertion_failure_aborts(struct ktest *t)
{
	KT_ASSERT_TRUE(t, false);
	after_assert_reached = true;
}

/* Passes only if the previous test really stopped at its assertion and
 * the suite's exit hook still ran for it. */
static void assertion_stopped_execution(struct ktest *t)
{
	KT_EXPECT_FALSE(t, after_assert_reached);
	KT_EXPECT_TRUE(t, exit_ran_after_assert);
}

/* Changes a registered counter: must be "not ok" naming the leak. */
static void leak_is_detected(struct ktest *t)
{
	(void)t;
	canary_count++;
}

/* Must be "ok ... # SKIP canary skip reason". */
static void skip_is_reported(struct ktest *t)
{
	ktest_skip(t, "canary skip reason");
}

/* Must be "ok". */
static void passing_test_passes(struct ktest *t)
{
	KT_EXPECT_EQ(t, 2 + 2, 4);
}

static void canary_exit(struct ktest *t)
{
	if (!strcmp(t->name, "assertion_failure_aborts"))
		exit_ran_after_assert = true;
}

static const struct ktest_case canary_cases[] = {
	KTEST_CASE(expectation_failure_is_reported),
	KTEST_CASE(assertion_failure_aborts),
	KTEST_CASE(assertion_stopped_execution),
	KTEST_CASE(leak_is_detected),
	KTEST_CASE(skip_is_reported),
	KTEST_CASE(passing_test_passes),
	{}
};
static const struct ktest_suite canary_suite = {
	.name = "canary",
	.cases = canary_cases,
	.exit = canary_exit,
	.explicit_only = true,
};
KTEST_SUITE(canary_suite, 9);
