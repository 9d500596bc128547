/*
 * n_tty.c - the console's line discipline (kernel/n_tty.c): keystrokes
 * in, edited lines and echo out. Characters are fed to n_tty_receive()
 * as the serial interrupt would; the echo goes to a buffer.
 */
#include "kernel/ktest.h"
#include "kernel/n_tty.h"
#include "kernel/printk.h"

static struct n_tty tty;
static char echoed[4096];
static size_t echo_len;

static void capture_echo(const char *s, size_t n)
{
	for (size_t i = 0; i < n && echo_len + 1 < sizeof(echoed); i++)
		echoed[echo_len++] = s[i];
	echoed[echo_len] = '\0';
}

static void setup(struct ktest *t)
{
	(void)t;
	n_tty_init(&tty, capture_echo);
	echo_len = 0;
	echoed[0] = '\0';
}

/* Feed a string; the number of completed lines it produced. */
static int type(const char *s)
{
	int lines = 0;

	for (; *s; s++)
		lines += n_tty_receive(&tty, *s);
	return lines;
}

/* Read one line into a NUL-terminated string; its length. */
static size_t read_line(char *buf, size_t n)
{
	size_t got = n_tty_read(&tty, buf, n - 1);

	buf[got] = '\0';
	return got;
}

/* Nothing is readable until Enter; then the line with its '\n'. */
static void enter_completes_line_with_newline(struct ktest *t)
{
	char buf[64];

	KT_EXPECT_EQ(t, type("ls"), 0);
	KT_EXPECT_FALSE(t, n_tty_line_ready(&tty));
	KT_EXPECT_EQ(t, type("\n"), 1);
	KT_EXPECT_TRUE(t, n_tty_line_ready(&tty));
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "ls\n");
	KT_EXPECT_FALSE(t, n_tty_line_ready(&tty));
	KT_EXPECT_STREQ(t, echoed, "ls\n");
}

/* ICRNL: the Enter key of a terminal sends CR; the program sees LF. */
static void carriage_return_becomes_newline(struct ktest *t)
{
	char buf[64];

	KT_EXPECT_EQ(t, type("pwd\r"), 1);
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "pwd\n");
}

/* DEL (or BS) erases the last character, on screen too: "\b \b". */
static void erase_removes_last_character(struct ktest *t)
{
	char buf[64];

	type("cax\x7f\bt\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "ct\n");
	KT_EXPECT_STREQ(t, echoed, "cax\b \b\b \bt\n");
}

/* Erase at the start of a line does nothing (it cannot eat the prompt). */
static void erase_at_line_start_does_nothing(struct ktest *t)
{
	char buf[64];

	type("\x7f\x7fok\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "ok\n");
	KT_EXPECT_STREQ(t, echoed, "ok\n");
}

/* Ctrl-U kills the whole line typed so far. */
static void kill_erases_whole_line(struct ktest *t)
{
	char buf[64];

	type("rm -rf\x15" "ls\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "ls\n");
}

/* Ctrl-D at the start of a line: a line is "ready", and reading it
 * returns 0 - end of file. */
static void ctrl_d_at_line_start_is_eof(struct ktest *t)
{
	char buf[64];

	KT_EXPECT_EQ(t, type("\x04"), 1);
	KT_EXPECT_TRUE(t, n_tty_line_ready(&tty));
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 0);
	KT_EXPECT_FALSE(t, n_tty_line_ready(&tty));
	KT_EXPECT_EQ(t, echo_len, 0); /* Ctrl-D echoes nothing */
}

/* Ctrl-D after text hands the text over as it is, without '\n', and
 * the next read is not a spurious EOF. */
static void ctrl_d_mid_line_pushes_without_newline(struct ktest *t)
{
	char buf[64];

	KT_EXPECT_EQ(t, type("abc\x04" "d\n"), 2);
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "abc");
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 2);
	KT_EXPECT_STREQ(t, buf, "d\n");
}

/* A read returns at most one line, even with room for more. */
static void read_returns_one_line_at_a_time(struct ktest *t)
{
	char buf[64];

	type("one\ntwo\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "one\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "two\n");
}

/* A short buffer takes the line in pieces; the line stays ready until
 * its '\n' has been read. */
static void long_line_is_read_in_pieces(struct ktest *t)
{
	char buf[4];

	type("abcdef\n");
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "abc");
	KT_EXPECT_TRUE(t, n_tty_line_ready(&tty));
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 3);
	KT_EXPECT_STREQ(t, buf, "def");
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), 1);
	KT_EXPECT_STREQ(t, buf, "\n");
	KT_EXPECT_FALSE(t, n_tty_line_ready(&tty));
}

/* A line cannot grow past N_TTY_LINE_MAX: extra keys ring the bell. */
static void full_line_refuses_more_with_bell(struct ktest *t)
{
	static char buf[N_TTY_LINE_MAX + 8];

	for (int i = 0; i < N_TTY_LINE_MAX + 5; i++)
		n_tty_receive(&tty, 'x');
	KT_EXPECT_EQ(t, echoed[echo_len - 1], N_TTY_BELL);
	type("\n");
	KT_EXPECT_EQ(t, read_line(buf, sizeof(buf)), N_TTY_LINE_MAX + 1);
}

/* Other control characters (ESC, Ctrl-A...) are not put in the line;
 * Ctrl-C throws the line away (no signals here). */
static void control_characters_do_not_enter_the_line(struct ktest *t)
{
	char buf[64];

	type("a\x1b\x01" "b\tc\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "ab\tc\n");
	type("oops\x03" "ok\n");
	read_line(buf, sizeof(buf));
	KT_EXPECT_STREQ(t, buf, "ok\n");
}

/* Many lines through the ring: its indices wrap, lines stay intact. */
static void ring_indices_wrap_lines_intact(struct ktest *t)
{
	char buf[64], want[64];

	for (int i = 0; i < 3 * N_TTY_BUF_SIZE / 8; i++) {
		snprintf(want, sizeof(want), "line%d\n", i);
		type(want);
		read_line(buf, sizeof(buf));
		KT_ASSERT_STREQ(t, buf, want);
	}
	KT_EXPECT_GT(t, tty.head, N_TTY_BUF_SIZE);
}

/* A reader too far behind: a line that does not fit in the ring is
 * dropped whole (bell), the lines already there stay intact. */
static void full_ring_drops_new_line_whole(struct ktest *t)
{
	char buf[64];
	int pushed = 0;

	while (type("0123456789abcde\n")) /* 16 bytes a line */
		pushed++;
	KT_EXPECT_EQ(t, pushed, N_TTY_BUF_SIZE / 16);
	KT_EXPECT_EQ(t, echoed[echo_len - 1], N_TTY_BELL);
	for (int i = 0; i < pushed; i++) {
		read_line(buf, sizeof(buf));
		KT_ASSERT_STREQ(t, buf, "0123456789abcde\n");
	}
	KT_EXPECT_FALSE(t, n_tty_line_ready(&tty));
}

static const struct ktest_case n_tty_cases[] = {
	KTEST_CASE(enter_completes_line_with_newline),
	KTEST_CASE(carriage_return_becomes_newline),
	KTEST_CASE(erase_removes_last_character),
	KTEST_CASE(erase_at_line_start_does_nothing),
	KTEST_CASE(kill_erases_whole_line),
	KTEST_CASE(ctrl_d_at_line_start_is_eof),
	KTEST_CASE(ctrl_d_mid_line_pushes_without_newline),
	KTEST_CASE(read_returns_one_line_at_a_time),
	KTEST_CASE(long_line_is_read_in_pieces),
	KTEST_CASE(full_line_refuses_more_with_bell),
	KTEST_CASE(control_characters_do_not_enter_the_line),
	KTEST_CASE(ring_indices_wrap_lines_intact),
	KTEST_CASE(full_ring_drops_new_line_whole),
	{}
};
static const struct ktest_suite n_tty_suite = {
	.name = "n_tty",
	.cases = n_tty_cases,
	.init = setup,
};
KTEST_SUITE(n_tty_suite, 6);
