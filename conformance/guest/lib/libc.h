/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libc.h - the small C library subset of the test guest: console output on
 * COM1, string functions, a bump allocator, a TSC deadline and the exit
 * through isa-debug-exit.
 */
#ifndef GUEST_LIBC_H
#define GUEST_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* serial.c */
void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);

/* printf.c: %d %i %u %x %X %p %s %c with l/ll/z, '-' '0' and a width */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* alloc.c: never freed; memory is zeroed; align is a power of two */
void alloc_init(uintptr_t start, uintptr_t end);
void *alloc_zeroed(size_t size, size_t align);
size_t alloc_remaining(void);

/* timer.c: a coarse deadline on the TSC, calibrated against the PIT */
void timer_init(void);
uint64_t timer_deadline_ms(uint32_t ms);
bool timer_expired(uint64_t deadline);

/* exit.c: end QEMU through isa-debug-exit (QEMU exits with code*2+1) */
__attribute__((noreturn)) void guest_exit(uint8_t code);

#endif /* GUEST_LIBC_H */
