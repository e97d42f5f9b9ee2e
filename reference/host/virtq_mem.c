// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_mem.c - guest address translation with bounds checks (device
 * robustness: EADDR class).
 */
#include "virtq_mem.h"

void *virtq_mem_translate(const struct virtq_memmap *map, uint64_t gpa, uint64_t len)
{
	uint32_t i;

	/* [gpa, gpa+len) must not wrap around the address space */
	if (len > UINT64_MAX - gpa)
		return NULL;
	for (i = 0; i < map->nregions; i++) {
		const struct virtq_mem_region *r = &map->regions[i];
		uint64_t off;

		if (gpa < r->gpa)
			continue;
		off = gpa - r->gpa;
		/* inside the region and long enough, without overflow */
		if (off < r->size && len <= r->size - off)
			return (char *)r->hva + off;
	}
	return NULL;
}
