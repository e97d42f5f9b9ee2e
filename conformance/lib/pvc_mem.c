// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvc_mem.c - simulated guest memory (see pvc_mem.h).
 */
#include <string.h>
#include <sys/mman.h>
#include "pvc_mem.h"

int pvc_mem_init(struct pvc_mem *m, size_t size)
{
	memset(m, 0, sizeof(*m));
	m->base = mmap(NULL, size + PVC_MEM_TAIL, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->base == MAP_FAILED) {
		m->base = NULL;
		return -1;
	}
	m->size = size;
	memset(m->base, PVC_GUARD_BYTE, size + PVC_MEM_TAIL);
	m->region.gpa = PVC_MEM_GPA_BASE;
	m->region.size = size;
	m->region.hva = m->base;
	m->map.regions = &m->region;
	m->map.nregions = 1;
	return 0;
}

void pvc_mem_fini(struct pvc_mem *m)
{
	if (m->base)
		munmap(m->base, m->size + PVC_MEM_TAIL);
	m->base = NULL;
}

void *pvc_mem_alloc(struct pvc_mem *m, size_t len, size_t align, uint64_t *gpa)
{
	size_t off = (m->used + align - 1) & ~(align - 1);

	if (off + len > m->size || m->nalloc == sizeof(m->alloc) / sizeof(m->alloc[0]))
		return NULL;
	m->used = off + len;
	m->alloc[m->nalloc].off = off;
	m->alloc[m->nalloc].len = len;
	m->nalloc++;
	memset(m->base + off, 0, len);
	if (gpa)
		*gpa = PVC_MEM_GPA_BASE + off;
	return m->base + off;
}

void *pvc_mem_va(const struct pvc_mem *m, uint64_t gpa)
{
	if (gpa < PVC_MEM_GPA_BASE || gpa - PVC_MEM_GPA_BASE >= m->size)
		return NULL;
	return m->base + (gpa - PVC_MEM_GPA_BASE);
}

uint64_t pvc_mem_gpa(const struct pvc_mem *m, const void *va)
{
	return PVC_MEM_GPA_BASE + (uint64_t)((const uint8_t *)va - m->base);
}

long pvc_mem_guard_check(const struct pvc_mem *m)
{
	size_t pos = 0;

	/* allocations are in increasing order (bump allocator) */
	for (unsigned i = 0; i <= m->nalloc; i++) {
		size_t end = i < m->nalloc ? m->alloc[i].off : m->size + PVC_MEM_TAIL;

		for (; pos < end; pos++)
			if (m->base[pos] != PVC_GUARD_BYTE)
				return (long)pos;
		if (i < m->nalloc)
			pos = m->alloc[i].off + m->alloc[i].len;
	}
	return -1;
}
