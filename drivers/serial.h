/* serial.h - the 16550 UART on COM1: the kernel console. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "kernel/types.h"

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* Install the receive interrupt; bytes go to the console layer. */
void serial_enable_rx_irq(void (*rx)(char c));

#endif
