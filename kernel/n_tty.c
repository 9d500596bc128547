/*
 * n_tty.c - canonical-mode line editing (see n_tty.h).
 *
 * Invariants: head - tail <= N_TTY_BUF_SIZE; lines_ready is the number
 * of '\n' and EOF marks between tail and head; no byte of line[] is '\n'
 * or N_TTY_EOF.
 */
#include "kernel/n_tty.h"
#include "kernel/string.h"

#define ECHO_ERASE "\b \b" /* back up, blank the cell, back up again */

void n_tty_init(struct n_tty *tty, void (*echo)(const char *s, size_t n))
{
	memset(tty, 0, sizeof(*tty));
	tty->echo = echo;
}

static void echo_str(struct n_tty *tty, const char *s)
{
	tty->echo(s, strlen(s));
}

static void echo_char(struct n_tty *tty, char c)
{
	tty->echo(&c, 1);
}

static unsigned int ring_room(const struct n_tty *tty)
{
	return N_TTY_BUF_SIZE - (tty->head - tty->tail);
}

static void ring_put(struct n_tty *tty, char c)
{
	tty->buf[tty->head++ % N_TTY_BUF_SIZE] = c;
}

/*
 * Move the typed line and its end (end is '\n' or the EOF mark) to the
 * ready ring. A line that does not fit is lost (the bell rings): the
 * reader is more than N_TTY_BUF_SIZE bytes behind.
 */
static bool push_line(struct n_tty *tty, char end)
{
	bool fits = ring_room(tty) >= tty->line_len + 1;

	if (fits) {
		for (size_t i = 0; i < tty->line_len; i++)
			ring_put(tty, tty->line[i]);
		ring_put(tty, end);
		tty->lines_ready++;
	} else {
		echo_char(tty, N_TTY_BELL);
	}
	tty->line_len = 0;
	return fits;
}

static void erase_chars(struct n_tty *tty, size_t n)
{
	for (; n && tty->line_len; n--) {
		tty->line_len--;
		echo_str(tty, ECHO_ERASE);
	}
}

/* A byte that is not an editing key: keep it if it is text. */
static void add_char(struct n_tty *tty, char c)
{
	bool text = (u8)c >= ' ' || c == '\t'; /* UTF-8 bytes included */

	if (!text)
		return;
	if (tty->line_len == N_TTY_LINE_MAX) {
		echo_char(tty, N_TTY_BELL);
		return;
	}
	tty->line[tty->line_len++] = c;
	echo_char(tty, c);
}

bool n_tty_receive(struct n_tty *tty, char c)
{
	switch (c) {
	case '\r': /* ICRNL: a terminal's Enter key sends CR */
	case '\n':
		echo_char(tty, '\n');
		return push_line(tty, '\n');
	case N_TTY_EOF:
		return push_line(tty, N_TTY_EOF);
	case N_TTY_ERASE:
	case N_TTY_BS:
		erase_chars(tty, 1);
		return false;
	case N_TTY_KILL:
		erase_chars(tty, tty->line_len);
		return false;
	case N_TTY_INTR:
		echo_str(tty, "^C\n");
		tty->line_len = 0;
		return false;
	default:
		add_char(tty, c);
		return false;
	}
}

bool n_tty_line_ready(const struct n_tty *tty)
{
	return tty->lines_ready > 0;
}

size_t n_tty_read(struct n_tty *tty, char *dst, size_t n)
{
	size_t done = 0;

	while (tty->lines_ready && tty->tail != tty->head) {
		char c = tty->buf[tty->tail % N_TTY_BUF_SIZE];
		if (c == N_TTY_EOF) { /* the line ends here, the mark unseen */
			tty->tail++;
			tty->lines_ready--;
			break;
		}
		if (done == n)
			break;
		dst[done++] = c;
		tty->tail++;
		if (c == '\n') {
			tty->lines_ready--;
			break;
		}
	}
	return done;
}
