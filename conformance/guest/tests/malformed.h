/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * malformed.h - hand-written malformed requests for the device's
 * robustness requirements (VQP-DEV-038.., VQS-DEV-022..).  The reference
 * driver sets up queue 0 of virtio-rng (fresh ring: slot 0, index 0); the
 * test then writes descriptors and the available index itself, the way a
 * faulty driver would, rings the doorbell and observes: DEVICE_NEEDS_RESET,
 * no used element, and the buffers named by the request left untouched.
 */
#ifndef GUEST_TESTS_MALFORMED_H
#define GUEST_TESTS_MALFORMED_H

#include <stdint.h>
#include <stdbool.h>
#include "genv.h"

#define MAL_CANARY   0xa5u
#define MAL_BUF      4096u
#define MAL_TABLE    64u                 /* descriptors per indirect table area */
#define MAL_BAD_ADDR 0x00000fff00000000ull  /* 16 TiB: no RAM there */

struct mal {
	struct gvq q;
	uint8_t *buf;                        /* MAL_BUF bytes of MAL_CANARY */
	struct virtq_split_desc *table;      /* two indirect table areas (split layout) */
	struct virtq_packed_desc *ptable;    /* the same memory, packed layout */
};

/* Start virtio-rng with the configuration's features; SKIP without one or
 * when the configuration's layout is not `packed`. */
bool mal_start(struct pvc_t *t, struct mal *m, bool packed);

/* SKIP unless INDIRECT_DESC is (want = true) / is not (false) negotiated. */
bool mal_need_indirect(struct pvc_t *t, bool want);

/* Split: make head available as avail ring entry 0 with avail idx new_idx. */
void mal_split_publish(struct mal *m, uint16_t head, uint16_t new_idx);

/* Packed: fill slot (wrap counter 1); flags are stored last, with release. */
void mal_packed_desc(struct mal *m, uint16_t slot, uint64_t addr, uint32_t len, uint16_t id,
		     uint16_t flags);

/* Ring the doorbell, wait up to 500 ms, judge: DEVICE_NEEDS_RESET set, no
 * used element, buffers untouched.  what names the malformation.  Returns
 * the ISR status read at the end; the device is reset afterwards. */
uint8_t mal_judge(struct pvc_t *t, struct mal *m, const char *what);
/* The same, also returning the device status it saw; judge = false only
 * observes (no check is made). */
uint8_t mal_observe(struct pvc_t *t, struct mal *m, const char *what, uint8_t *status, bool judge);

static inline uint64_t mal_dma(const void *p) { return (uint64_t)(uintptr_t)p; }

#endif /* GUEST_TESTS_MALFORMED_H */
