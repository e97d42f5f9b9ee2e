/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_mem.h - guest-memory map for the device side.  The device never
 * dereferences a driver-supplied address except through
 * virtq_mem_translate(), which checks that [gpa, gpa+len) lies inside one
 * region and does not overflow (VQP-DEV / VQS-DEV robustness: EADDR).
 */
#ifndef VIRTQ_MEM_H
#define VIRTQ_MEM_H

#include <stdint.h>
#include <stddef.h>

struct virtq_mem_region {
	uint64_t gpa;   /* guest-physical (bus) address of the first byte */
	uint64_t size;  /* bytes */
	void *hva;      /* where the device sees it */
};

struct virtq_memmap {
	const struct virtq_mem_region *regions;
	uint32_t nregions;
};

/*
 * Host pointer for [gpa, gpa+len), or NULL when any byte of it is outside
 * the map, the range wraps around 2^64, or it straddles two regions.
 * len 0 translates if gpa lies inside a region.
 */
void *virtq_mem_translate(const struct virtq_memmap *map, uint64_t gpa, uint64_t len);

#endif /* VIRTQ_MEM_H */
