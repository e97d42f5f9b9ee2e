// SPDX-License-Identifier: GPL-2.0-only
/* serial.c - polled output on the first 16550 UART (COM1, port 0x3f8). */
#include "libc.h"
#include "io.h"

#define COM1 0x3f8
#define UART_THR 0   /* transmit holding register */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THRE 0x20

void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);     /* no interrupts */
	outb(COM1 + UART_LCR, 0x80);     /* DLAB: divisor follows */
	outb(COM1 + 0, 0x01);            /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);     /* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);     /* FIFO on, cleared */
	outb(COM1 + UART_MCR, 0x03);     /* DTR, RTS */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
