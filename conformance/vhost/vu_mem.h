/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_mem.h - the front-end's memory as a vhost-user back-end sees it: the
 * regions of SET_MEM_TABLE mapped from their file descriptors, with two
 * translations (front-end virtual address for ring addresses, guest
 * physical address for descriptor addresses) that check every byte.
 *
 * Regions backed by the same file at the same guest-address-minus-offset
 * are mapped once, so one contiguous host range covers them; the largest
 * such range is what the ring checkers see as "guest memory".
 */
#ifndef VU_MEM_H
#define VU_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vu_proto.h"
#include "virtq_mem.h"

struct vu_mem_span {          /* one mmap() */
	void *base;
	size_t len;
	uint64_t gpa;             /* guest address of base */
};

struct vu_mem {
	uint32_t n;
	struct vu_mem_region wire[VU_MAX_REGIONS];   /* as received */
	struct virtq_mem_region reg[VU_MAX_REGIONS]; /* gpa -> hva */
	struct virtq_memmap map;                     /* over reg[] */
	uint32_t nspan;
	struct vu_mem_span span[VU_MAX_REGIONS];
	uint32_t big;             /* index of the largest span */
};

void vu_mem_init(struct vu_mem *m);
/*
 * Replace the table.  fds[i] backs t->regions[i]; the caller keeps
 * ownership of the fds (they may be closed after the call).  0, or -1 with
 * a reason in err (the old table is kept then).
 */
int vu_mem_set(struct vu_mem *m, const struct vu_mem_table *t, const int *fds,
	       unsigned nfds, char *err, size_t errlen);
void vu_mem_clear(struct vu_mem *m);

/* Host pointer of [uaddr, uaddr+len) in front-end virtual addresses, or NULL. */
void *vu_mem_uva(const struct vu_mem *m, uint64_t uaddr, uint64_t len);
/* Guest address of front-end virtual address uaddr; false when unmapped. */
bool vu_mem_uva_to_gpa(const struct vu_mem *m, uint64_t uaddr, uint64_t len, uint64_t *gpa);

#endif /* VU_MEM_H */
