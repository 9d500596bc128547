/*
 * printk.h - kernel logging, Linux style.
 *
 *   printk(KERN_INFO "swap: %s: %lu pages\n", name, n);
 *   pr_info("...") is the same thing.
 *
 * A message whose level is numerically above the console loglevel
 * (loglevel= on the command line, default 6 = info) is not printed.
 * Each printed line starts with a timestamp "[    1.230000] ".
 * ktap_printf() writes raw lines (no timestamp, no level) for self-test
 * output, which must follow the KTAP format exactly.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "kernel/types.h"

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define LOGLEVEL_DEFAULT 6

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
__printf(1, 2) void ktap_printf(const char *fmt, ...);

/* Formats: %d %i %u %x %X %o %c %s %p %% with l/ll/z/h modifiers, "#",
 * width, '-' (left align), '0' (zero pad), '.precision' for strings. */
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void console_set_loglevel(int level);
int console_get_loglevel(void);
/* Register where printk output goes (serial at boot; tests may capture). */
void console_set_writer(void (*write)(const char *s, size_t n));

#define pr_emerg(fmt, ...) printk(KERN_EMERG fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG fmt, ##__VA_ARGS__)

#endif
