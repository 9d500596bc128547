/*
 * console.h - the serial console as a file: what programs' stdin, stdout
 * and stderr are (console_open_stdio() is declared in kernel/file.h).
 *
 *   write: bytes go out on COM1, "\n" as "\r\n" (the terminal's newline)
 *   read:  a line edited by the line discipline (kernel/n_tty.h), fed by
 *          the serial receive interrupt; a reader sleeps until Enter
 *
 * Input is only collected once a program has the console open: before
 * that, keystrokes have nobody to go to.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "kernel/file.h"

/* /dev/console's device number, 5:1, as Linux encodes it in st_rdev. */
#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1

/* ioctl numbers the console answers (Linux's values). */
#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413

/* A new file on the console (O_RDWR and friends), or NULL. */
struct file *console_file_open(unsigned int flags);

#endif
