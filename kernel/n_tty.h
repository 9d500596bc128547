/*
 * n_tty.h - the line discipline: what turns keystrokes into lines.
 *
 * Linux's canonical mode (ICANON, ECHO, ECHOE, ECHOK, ICRNL), reduced:
 *
 *   printable     appended to the line being typed, echoed
 *   Enter         CR becomes LF (ICRNL); the line and its '\n' are ready
 *   DEL or BS     erase the last character: echo "\b \b"
 *   Ctrl-U        erase the whole line
 *   Ctrl-D        the line is ready as it is, without '\n'; at the start
 *                 of a line that is an empty line: read() returns 0 (EOF)
 *   Ctrl-C        no signals here: the line being typed is thrown away
 *   other control characters are ignored
 *
 * Ready input waits in a ring of bytes. A line in it ends with '\n'
 * (delivered to the reader) or with an EOF mark (the Ctrl-D byte itself,
 * never delivered); neither byte can occur inside a line, so no other
 * bookkeeping is needed. A read() returns at most one line.
 *
 * n_tty_receive() runs in the serial interrupt; everything else must run
 * with interrupts off (the console does that).
 */
#ifndef KERNEL_N_TTY_H
#define KERNEL_N_TTY_H

#include "kernel/types.h"

/* The longest line one can type (Linux: MAX_CANON 255), '\n' excluded. */
#define N_TTY_LINE_MAX 255
/* Ready input not yet read (a power of two: ring indices wrap). */
#define N_TTY_BUF_SIZE 1024

#define CTRL(c) ((c) & 0x1f)
#define N_TTY_EOF CTRL('D') /* VEOF */
#define N_TTY_KILL CTRL('U') /* VKILL */
#define N_TTY_INTR CTRL('C') /* VINTR */
#define N_TTY_ERASE 0x7f /* VERASE: DEL, what the Backspace key sends */
#define N_TTY_BS CTRL('H') /* also taken as erase */
#define N_TTY_BELL CTRL('G') /* echoed when a character is refused */

struct n_tty {
	/* The line being typed, edited until Enter or Ctrl-D. */
	char line[N_TTY_LINE_MAX];
	size_t line_len;
	/* Ready input: bytes head - tail of buf, lines_ready complete. */
	char buf[N_TTY_BUF_SIZE];
	unsigned int head, tail;
	unsigned int lines_ready;
	/* Where echo goes (the serial port; a test's buffer). */
	void (*echo)(const char *s, size_t n);
};

void n_tty_init(struct n_tty *tty, void (*echo)(const char *s, size_t n));
/* One received byte. Returns true if it completed a line (wake readers). */
bool n_tty_receive(struct n_tty *tty, char c);
/* Is a complete line (or an EOF) ready? */
bool n_tty_line_ready(const struct n_tty *tty);
/*
 * Take up to n (> 0) bytes of the first ready line into dst: the bytes
 * copied.
 * 0 means EOF (Ctrl-D at line start) when a line was ready. A line longer
 * than n is returned over several calls, as on Linux.
 */
size_t n_tty_read(struct n_tty *tty, char *dst, size_t n);

#endif
