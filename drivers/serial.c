/*
 * serial.c - 16550 UART driver for COM1 (115200 baud, 8N1).
 *
 * Output is polled: wait for the transmit holding register to empty, then
 * write the byte. That keeps printk usable from any context, including
 * panic with interrupts off. Input arrives by IRQ 4 once the console layer
 * asks for it.
 */
#include "drivers/serial.h"
#include "kernel/irq.h"
#include "kernel/x86.h"

#define COM1 0x3f8
/* Register offsets from the base port (DLAB=0 unless noted). */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_DLL 0 /* divisor low (DLAB=1) */
#define UART_IER 1 /* interrupt enable */
#define UART_DLM 1 /* divisor high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define UART_IER_RDI 0x01 /* receive data interrupt */
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0xc7 /* enable, clear both, 14-byte trigger */
#define UART_MCR_DTR_RTS_OUT2 0x0b /* OUT2 gates the IRQ line on PCs */
#define UART_LSR_DR 0x01 /* data ready */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

#define UART_CLOCK 115200
#define BAUD 115200
#define COM1_IRQ 4

static void (*serial_rx)(char c);

void serial_init(void)
{
	u16 div = UART_CLOCK / BAUD;

	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, div & 0xff);
	outb(COM1 + UART_DLM, div >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, UART_MCR_DTR_RTS_OUT2);
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

static void serial_irq(int irq, void *dev)
{
	(void)irq;
	(void)dev;
	while (inb(COM1 + UART_LSR) & UART_LSR_DR) {
		char c = inb(COM1 + UART_RBR);
		if (serial_rx)
			serial_rx(c);
	}
}

void serial_enable_rx_irq(void (*rx)(char c))
{
	serial_rx = rx;
	request_irq(COM1_IRQ, serial_irq, NULL);
	outb(COM1 + UART_IER, UART_IER_RDI);
}
