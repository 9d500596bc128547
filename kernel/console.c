/*
 * console.c - the serial console as a file (see console.h).
 *
 * Input path:  COM1 IRQ -> console_rx() -> n_tty_receive() (edits, echoes)
 *              -> a line is ready -> wake_up(&console_wait)
 *              -> console_read() takes it -> the program's buffer.
 * Output path: console_write() -> serial_write() (polled, "\n" -> "\r\n").
 *
 * A reader sleeps on console_wait until a line is ready, so a shell
 * waiting for input costs nothing, and with no input at all (QEMU's stdin
 * is /dev/null) it simply stays asleep: it never spins.
 */
#include "kernel/console.h"
#include "drivers/serial.h"
#include "kernel/errno.h"
#include "kernel/fs.h"
#include "kernel/n_tty.h"
#include "kernel/uio.h"
#include "kernel/x86.h"

/* Bytes written to the serial port per copy from the user. */
#define CONSOLE_WRITE_CHUNK 256
#define CONSOLE_MODE (S_IFCHR | 0620)
/* st_rdev of 5:1 in Linux's new_encode_dev() format (major << 8). */
#define CONSOLE_RDEV ((CONSOLE_MAJOR << 8) | CONSOLE_MINOR)
/* st_ino: a fixed number (the console is no file of the initramfs). */
#define CONSOLE_INO 2

/*
 * The line discipline's state. The receive IRQ appends to it, readers
 * take from it; a reader does so with interrupts off, so the two never
 * interleave.
 */
static struct n_tty console_tty;
/* Readers wait here until n_tty_line_ready(&console_tty). */
static struct wait_queue_head console_wait = {
	LIST_HEAD_INIT(console_wait.head)
};
static bool console_listening;

static void console_echo(const char *s, size_t n)
{
	serial_write(s, n);
}

/* The serial receive interrupt, one byte at a time. */
static void console_rx(char c)
{
	if (n_tty_receive(&console_tty, c))
		wake_up(&console_wait);
}

static void console_start_input(void)
{
	if (console_listening)
		return;
	n_tty_init(&console_tty, console_echo);
	console_listening = true;
	serial_enable_rx_irq(console_rx);
}

static ssize_t console_read(struct file *f, struct iov_iter *to, u64 *pos)
{
	char line[N_TTY_LINE_MAX + 1]; /* one line and its '\n' */
	size_t want = MIN(iov_iter_count(to), sizeof(line));

	(void)pos;
	if (!want)
		return 0;
	if ((f->f_flags & O_NONBLOCK) && !n_tty_line_ready(&console_tty))
		return -EAGAIN;
	wait_event(&console_wait, n_tty_line_ready(&console_tty));
	/*
	 * The kernel is not preempted: between the wake-up check and here
	 * no other task ran, so the line is still there; only the IRQ may
	 * run, and it only appends.
	 */
	u64 flags = local_irq_save();
	size_t n = n_tty_read(&console_tty, line, want);
	local_irq_restore(flags);
	if (n && copy_to_iter(line, n, to) != n)
		return -EFAULT; /* the line is lost, as on Linux */
	return (ssize_t)n;
}

static ssize_t console_write(struct file *f, struct iov_iter *from,
			     u64 *pos)
{
	char chunk[CONSOLE_WRITE_CHUNK];
	size_t done = 0;

	(void)f, (void)pos;
	while (iov_iter_count(from)) {
		size_t want = MIN(iov_iter_count(from), sizeof(chunk));
		size_t got = copy_from_iter(chunk, want, from);
		serial_write(chunk, got);
		done += got;
		if (got < want)
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

static int console_stat(struct file *f, struct kstat *st)
{
	(void)f;
	st->ino = CONSOLE_INO;
	st->mode = CONSOLE_MODE;
	st->rdev = CONSOLE_RDEV;
	st->nlink = 1;
	st->blksize = CONSOLE_WRITE_CHUNK;
	return 0;
}

/* The kernel's struct termios (TCGETS), and the bits we report. */
#define NCCS 19
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};
#define ICRNL 0000400
#define OPOST 0000001
#define ONLCR 0000004
#define B115200 0010002
#define CS8 0000060
#define CREAD 0000200
#define CLOCAL 0004000
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define VINTR 0
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VMIN 6

/* TCGETS tells the truth about the line discipline: canonical, echo,
 * CR->LF on input, LF->CRLF on output, no signals (no ISIG). */
static long console_tcgets(void __user *arg)
{
	struct termios t = {
		.c_iflag = ICRNL,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | CLOCAL,
		.c_lflag = ICANON | ECHO | ECHOE | ECHOK,
	};

	t.c_cc[VINTR] = N_TTY_INTR;
	t.c_cc[VERASE] = N_TTY_ERASE;
	t.c_cc[VKILL] = N_TTY_KILL;
	t.c_cc[VEOF] = N_TTY_EOF;
	t.c_cc[VMIN] = 1;
	return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
}

/*
 * TIOCGWINSZ answers a 0x0 window, as Linux's serial console does. (The
 * issue asked for ENOTTY; but then musl buffers stdout fully, and a demo
 * that prints and then forks prints everything twice - on a terminal the
 * user expects line buffering.) Every other request (TCSETS & co.: the
 * discipline cannot be changed) is ENOTTY.
 */
static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	static const u16 no_size[4]; /* ws_row, ws_col, ws_xpixel, ws_ypixel */

	(void)f;
	if (cmd == TCGETS)
		return console_tcgets((void __user *)arg);
	if (cmd == TIOCGWINSZ)
		return copy_to_user((void __user *)arg, no_size,
				    sizeof(no_size)) ? -EFAULT : 0;
	return -ENOTTY;
}

static const struct file_operations console_fops = {
	.read_iter = console_read,
	.write_iter = console_write,
	.stat = console_stat,
	.ioctl = console_ioctl,
};

struct file *console_file_open(unsigned int flags)
{
	console_start_input();
	return file_alloc(&console_fops, NULL, flags);
}

int console_open_stdio(struct files_struct *files)
{
	struct file *f = console_file_open(O_RDWR);

	if (!f)
		return -ENOMEM;
	get_file(f);
	get_file(f);
	__fd_install(files, 0, f, false);
	__fd_install(files, 1, f, false);
	__fd_install(files, 2, f, false);
	return 0;
}
