/*
 * debug_exit.h - end the QEMU run with a status (isa-debug-exit device).
 *
 * QEMU is started with -device isa-debug-exit,iobase=0xf4,iosize=0x04.
 * Writing v to port 0xf4 makes QEMU exit with status (v << 1) | 1, so the
 * guest can never produce 0; 0 from QEMU means something else (a triple
 * fault with -no-reboot). tests/run.py decodes these.
 */
#ifndef DRIVERS_DEBUG_EXIT_H
#define DRIVERS_DEBUG_EXIT_H

#include "kernel/types.h"

#define DEBUG_EXIT_OK 0 /* QEMU status 1: clean power-off */
#define DEBUG_EXIT_PANIC 0x7f /* QEMU status 255: kernel panic */
/* init exited with status n (1..0x7d): QEMU status 2n + 1. */
#define DEBUG_EXIT_INIT_MAX 0x7d
#define DEBUG_EXIT_INIT_SIGNAL 0x7e /* init was killed by a signal */

/* Does not return when the device is present; returns on real hardware. */
void qemu_exit(u8 code);

#endif
