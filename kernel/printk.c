/*
 * printk.c - formatted output and the console log.
 *
 * vsnprintf is a small printf: enough for kernel messages and KTAP.
 * printk adds a level check and a timestamp, then hands the line to the
 * console writer (COM1 by default). It never sleeps and never allocates,
 * so it is safe in IRQ handlers and in panic().
 */
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "drivers/serial.h"

static int console_loglevel = LOGLEVEL_DEFAULT;
static void (*console_write)(const char *s, size_t n) = serial_write;

struct outbuf {
	char *buf;
	size_t size; /* capacity including the NUL */
	size_t len; /* characters produced, even past size */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	int width;
	int precision; /* -1: none */
	bool zero_pad;
	bool left;
	bool plus;
	bool space;
	bool alt; /* '#': 0x prefix for hex, 0 for octal */
};

static void out_padded(struct outbuf *o, const char *s, size_t n,
		       const struct spec *sp, char pad)
{
	int fill = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!sp->left)
		while (fill-- > 0)
			out_char(o, pad);
	while (n--)
		out_char(o, *s++);
	if (sp->left)
		while (fill-- > 0)
			out_char(o, ' ');
}

static void out_number(struct outbuf *o, u64 v, bool negative, int base,
		       bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	char sign = negative ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);

	int len = n + (sign ? 1 : 0);
	int fill = sp->width > len ? sp->width - len : 0;

	if (!sp->left && !sp->zero_pad)
		while (fill-- > 0)
			out_char(o, ' ');
	if (sign)
		out_char(o, sign);
	if (!sp->left && sp->zero_pad)
		while (fill-- > 0)
			out_char(o, '0');
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		while (fill-- > 0)
			out_char(o, ' ');
}

/* Parse flags, width and precision; returns the pointer past them. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '0')
			sp->zero_pad = true;
		else if (*f == '-')
			sp->left = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

/* Length modifiers: 0 = int, 1 = long, 2 = long long, -1 = short. */
static const char *parse_length(const char *f, int *len)
{
	*len = 0;
	if (*f == 'h') {
		*len = -1;
		f++;
		if (*f == 'h')
			f++;
	} else if (*f == 'l') {
		*len = 1;
		f++;
		if (*f == 'l') {
			*len = 2;
			f++;
		}
	} else if (*f == 'z') {
		*len = 1;
		f++;
	}
	return f;
}

static u64 fetch_unsigned(int len, va_list *ap)
{
	if (len >= 1)
		return va_arg(*ap, unsigned long);
	if (len < 0)
		return (unsigned short)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static s64 fetch_signed(int len, va_list *ap)
{
	if (len >= 1)
		return va_arg(*ap, long);
	if (len < 0)
		return (short)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void format_one(struct outbuf *o, char conv, int len,
		       struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		s64 v = fetch_signed(len, ap);
		out_number(o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false, sp);
		break;
	}
	case 'u':
		out_number(o, fetch_unsigned(len, ap), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		if (sp->alt) {
			out_char(o, '0');
			out_char(o, conv);
		}
		out_number(o, fetch_unsigned(len, ap), false, 16, conv == 'X',
			   sp);
		break;
	case 'o':
		out_number(o, fetch_unsigned(len, ap), false, 8, false, sp);
		break;
	case 'p':
		/* Always the full 16 hex digits: addresses line up in logs. */
		out_char(o, '0');
		out_char(o, 'x');
		sp->width = 16;
		sp->zero_pad = true;
		out_number(o, (u64)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		out_padded(o, &c, 1, sp, ' ');
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		size_t n = sp->precision >= 0 ? strnlen(s, sp->precision)
					      : strlen(s);
		out_padded(o, s, n, sp, ' ');
		break;
	}
	case '%':
		out_char(o, '%');
		break;
	default:
		/* Unknown conversion: print it verbatim so the bug shows. */
		out_char(o, '%');
		out_char(o, conv);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		struct spec sp;
		int len;
		fmt = parse_spec(fmt + 1, &sp, &args);
		fmt = parse_length(fmt, &len);
		if (!*fmt)
			break;
		format_one(&o, *fmt++, len, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void console_set_loglevel(int level)
{
	console_loglevel = level;
}

int console_get_loglevel(void)
{
	return console_loglevel;
}

void console_set_writer(void (*write)(const char *s, size_t n))
{
	console_write = write ? write : serial_write;
}

/*
 * A line longer than this is cut (and says so). The buffer is static: one
 * CPU, and interrupts are off while it is in use, so an IRQ handler's
 * printk cannot scribble over a line half written.
 */
#define PRINTK_LINE_MAX 512
static char printk_buf[PRINTK_LINE_MAX];

int vprintk(const char *fmt, va_list ap)
{
	int level = LOGLEVEL_DEFAULT;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	if (level > console_loglevel)
		return 0;

	u64 flags = local_irq_save();
	u64 ms = jiffies_to_msecs(jiffies_read());
	int n = snprintf(printk_buf, sizeof(printk_buf), "[%5lu.%03lu] ",
			 ms / 1000, ms % 1000);
	int len = vsnprintf(printk_buf + n, sizeof(printk_buf) - n, fmt, ap);
	size_t total = n + len;
	if (total >= sizeof(printk_buf)) {
		total = sizeof(printk_buf) - 1;
		printk_buf[total - 1] = '\n';
	}
	console_write(printk_buf, total);
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void ktap_printf(const char *fmt, ...)
{
	va_list ap;

	u64 flags = local_irq_save();
	va_start(ap, fmt);
	int len = vsnprintf(printk_buf, sizeof(printk_buf), fmt, ap);
	va_end(ap);
	console_write(printk_buf, MIN((size_t)len, sizeof(printk_buf) - 1));
	local_irq_restore(flags);
}
