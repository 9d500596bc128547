/* debug_exit.c - QEMU's isa-debug-exit: one port write ends the run. */
#include "drivers/debug_exit.h"
#include "kernel/x86.h"

#define DEBUG_EXIT_PORT 0xf4

void qemu_exit(u8 code)
{
	outl(DEBUG_EXIT_PORT, code);
}
