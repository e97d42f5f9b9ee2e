/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvc_mem.h - a simulated guest memory for in-process tests: one mapping at
 * a guest-physical base that differs from its host address, a bump
 * allocator, and guard patterns that reveal writes to memory nobody was
 * allowed to write.
 */
#ifndef PVC_MEM_H
#define PVC_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "virtq_mem.h"

#define PVC_MEM_GPA_BASE  0x40000000ull
#define PVC_GUARD_BYTE    0xa5u
/* Mapped, guard-filled bytes after the end of guest memory: a device that
 * runs past the end writes here (and is caught) instead of faulting. */
#define PVC_MEM_TAIL      (64u << 10)

struct pvc_mem {
	uint8_t *base;          /* host address of gpa PVC_MEM_GPA_BASE */
	size_t size;            /* guest memory (the map); PVC_MEM_TAIL more is mapped */
	size_t used;            /* bump pointer */
	struct virtq_mem_region region;
	struct virtq_memmap map;
	/* allocated ranges: the guard check skips them */
	struct { size_t off, len; } alloc[256];
	unsigned nalloc;
};

/* 0 or -1 (mmap failed). Everything is filled with the guard byte. */
int pvc_mem_init(struct pvc_mem *m, size_t size);
void pvc_mem_fini(struct pvc_mem *m);
/* Host pointer of a fresh zeroed block (NULL when full); *gpa its address. */
void *pvc_mem_alloc(struct pvc_mem *m, size_t len, size_t align, uint64_t *gpa);
void *pvc_mem_va(const struct pvc_mem *m, uint64_t gpa);
uint64_t pvc_mem_gpa(const struct pvc_mem *m, const void *va);
/* Offset of the first byte outside every allocation that lost its guard
 * value, or -1 when all are intact. */
long pvc_mem_guard_check(const struct pvc_mem *m);

#endif /* PVC_MEM_H */
