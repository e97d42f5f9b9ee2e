/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc_dump.h - ring-state dump: descriptor table with flags decoded, event
 * structures / indexes, one text line at a time through a line sink.
 */
#ifndef VQC_DUMP_H
#define VQC_DUMP_H

#include "vqc.h"

typedef void (*vqc_line_fn)(void *arg, const char *line);

/* Up to VQC_DUMP_MAX descriptors are listed (the first ones). */
#define VQC_DUMP_MAX 64u
void vqc_dump_ring(const struct vqc_ring *r, vqc_line_fn out, void *arg);
/* "AVAIL|USED|NEXT|WRITE|INDIRECT" (packed) or "NEXT|WRITE|INDIRECT" (split) */
const char *vqc_flags_str(unsigned layout, uint16_t flags, char *buf, size_t size);

#endif /* VQC_DUMP_H */
