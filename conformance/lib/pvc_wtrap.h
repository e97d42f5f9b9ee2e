/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvc_wtrap.h - watch every store an implementation makes to a range of
 * shared memory, one store at a time: the pages are write-protected, a
 * store faults, the page is opened, the CPU single-steps the storing
 * instruction and the callback runs right after it, then the page is
 * closed again.  This lets a checker see each intermediate state of the
 * ring ("was the first descriptor's flags published last?"), or each
 * load ("was this descriptor field read twice?").
 * x86-64 Linux only; elsewhere pvc_wtrap_supported() is false.
 */
#ifndef PVC_WTRAP_H
#define PVC_WTRAP_H

#include <stdbool.h>
#include <stddef.h>

bool pvc_wtrap_supported(void);
/* addr and len page-aligned.  0, or -1 if unsupported / mprotect failed.
 * on_access(arg, offset, write) runs after each completed store (in
 * signal context: it may read memory and record, nothing else).  With
 * reads set, loads are watched too (the pages are made inaccessible). */
int pvc_wtrap_start(void *addr, size_t len, bool reads,
		    void (*on_access)(void *arg, size_t off, bool write), void *arg);
void pvc_wtrap_stop(void);

#endif /* PVC_WTRAP_H */
