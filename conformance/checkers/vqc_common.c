// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_common.c - translation and reporting shared by both checkers.
 */
#include <stdarg.h>
#include <stdio.h>
#include "vqc.h"

void *vqc_translate(const struct vqc_ring *r, uint64_t gpa, uint64_t len)
{
	uint64_t off;

	if (gpa < r->mem_gpa)
		return NULL;
	off = gpa - r->mem_gpa;
	if (off >= r->mem_size || len > r->mem_size - off)
		return NULL;
	return r->mem + off;
}

void vqc_report(struct vqc_report *rep, enum vqc_level level, const char *id,
		const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level == VQC_MUST)
		rep->count++;
	else
		rep->findings++;
	if (rep->fn)
		rep->fn(rep->arg, level, id, msg);
}

uint64_t vqc_hash(const void *p, size_t len, uint64_t h)
{
	const volatile uint8_t *b = p;

	/* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}
