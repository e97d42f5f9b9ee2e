/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vq.h - a virtqueue of a virtio-pci device driven by the unmodified
 * reference driver (reference/guest/virtq_drv*.c): memory for the rings,
 * queue programming, doorbells and polling for used buffers.
 */
#ifndef GUEST_VQ_H
#define GUEST_VQ_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_drv.h"
#include "virtio_pci.h"

struct gvq {
	struct virtq_drv drv;
	struct virtq_drv_cfg cfg;
	const struct virtio_pci_dev *dev;
	uint16_t index;
	uint32_t num;
	uintptr_t doorbell;
	uint32_t kicks;            /* doorbells rung */
	uint32_t kick_checks;      /* kick decisions taken */
	/* VQP-DEV-016: packed used descriptors seen with a non-zero len but
	 * without VIRTQ_DESC_F_WRITE, and the last such one */
	uint32_t used_no_write;
	uint16_t no_write_flags;
	uint32_t no_write_len;
};

/*
 * Allocate the rings of queue q (size min(max, want)) in the layout the
 * negotiated features select, initialise the driver and program and
 * enable the queue.  max_indirect: descriptors per indirect table (0: none).
 * 0, or a negative VIRTQ_E* code.
 */
int gvq_setup(struct gvq *q, const struct virtio_pci_dev *d, uint16_t index,
	      uint32_t want, uint32_t max_indirect);

/* Re-program the queue's addresses and enable it (after a queue reset). */
void gvq_reprogram(struct gvq *q);

/* Add a buffer: sg[0..out) device-readable, sg[out..out+in) writable.
 * Uses an indirect table when the feature was negotiated and indirect is true. */
int gvq_add(struct gvq *q, const struct virtq_sg *sg, uint32_t out, uint32_t in,
	    void *token, bool indirect);

/* Ring the doorbell if the device asked for it; returns whether it did. */
bool gvq_kick(struct gvq *q);

/* virtq_drv_get(), noting what the device wrote in a packed used
 * descriptor (used_no_write, VQP-DEV-016). */
void *gvq_get(struct gvq *q, uint32_t *len);

/* Packed: fail t (VQP-DEV-016) if the device returned a used descriptor
 * with len > 0 and WRITE clear on q.  True if nothing was wrong. */
struct pvc_t;
bool gvq_check_used_write(struct pvc_t *t, const struct gvq *q);

/* Poll for the next used buffer for up to ms milliseconds.  NULL on
 * timeout or when the driver marked the queue broken. */
void *gvq_wait(struct gvq *q, uint32_t *len, uint32_t ms);

/* Evidence: print the packed descriptor in ring slot as the device left it. */
void gvq_dump_packed_used(const struct gvq *q, uint16_t slot);

static inline uint64_t gvq_dma(const void *p) { return (uint64_t)(uintptr_t)p; }

#endif /* GUEST_VQ_H */
