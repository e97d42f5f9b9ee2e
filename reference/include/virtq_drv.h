/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv.h - the driver side of a virtqueue (guest), one API for the
 * packed and the split layout.  Every call dispatches to a _packed or
 * _split variant (virtq_drv_packed.c, virtq_drv_split.c).
 *
 * Memory: nothing is allocated.  The caller provides
 *   - the ring areas (shared with the device), carved with
 *     virtq_ring_layout() or placed separately with the right alignment;
 *   - driver-private memory of virtq_drv_priv_size() bytes (never shared);
 *   - optionally a DMA-able pool for indirect tables: num * max_indirect
 *     descriptors of 16 bytes, table i belonging to Buffer ID / head i.
 *
 * Concurrency: one caller at a time per queue (the caller serializes add
 * and get, as Linux drivers do with their queue lock).  The peer is treated
 * as hostile: every value read from the device area is checked, and a
 * device that breaks the rules marks the queue broken (virtq_drv_error()).
 */
#ifndef VIRTQ_DRV_H
#define VIRTQ_DRV_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "virtq_layout.h"
#include "virtq_err.h"
#include "virtq_drv_packed.h"
#include "virtq_drv_split.h"

/* One element of a scatter-gather list: a device (DMA) address and a length. */
struct virtq_sg {
	uint64_t addr;
	uint32_t len;
};

/* A memory area as the driver sees it (va) and as the device sees it (dma). */
struct virtq_area {
	void *va;
	uint64_t dma;
};

struct virtq_drv_cfg {
	unsigned layout;            /* VIRTQ_LAYOUT_SPLIT or VIRTQ_LAYOUT_PACKED */
	uint32_t num;               /* queue size */
	uint16_t vq_index;          /* used in notification data */
	uint64_t features;          /* the negotiated feature bits */
	struct virtq_area desc;     /* descriptor area */
	struct virtq_area driver;   /* driver area (split: avail; packed: driver event suppression) */
	struct virtq_area device;   /* device area (split: used; packed: device event suppression) */
	void *priv;                 /* virtq_drv_priv_size() bytes, any alignment >= 8 */
	size_t priv_size;
	struct virtq_area indirect; /* optional indirect pool, 16-byte aligned */
	uint32_t max_indirect;      /* descriptors per indirect table; 0 = never use indirect */
};

struct virtq_drv {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	bool f_indirect, f_event_idx, f_in_order, f_notif_data;
	int err;                    /* 0, or the negative VIRTQ_E* that broke the queue */
	uint32_t num_free;          /* free descriptors (ring slots) */
	uint32_t max_indirect;
	struct virtq_area indirect;
	union {
		struct virtq_drv_packed_state packed;
		struct virtq_drv_split_state split;
	} u;
};

/* Flags for virtq_drv_add() */
#define VIRTQ_ADD_INDIRECT  1u  /* place the chain in an indirect table */

size_t virtq_drv_priv_size(unsigned layout, uint32_t num);

/* 0, or -VIRTQ_EINVAL (bad size, misaligned area, priv too small, ...). */
int virtq_drv_init(struct virtq_drv *vq, const struct virtq_drv_cfg *cfg);

/*
 * Return the queue to its initial state (ring memory rewritten, all IDs
 * free, error cleared): device reset or VIRTIO_F_RING_RESET per-queue reset.
 * Call virtq_drv_detach() until it returns NULL first, or the tokens of
 * outstanding buffers are lost to the caller.
 */
void virtq_drv_reset(struct virtq_drv *vq);

/* Hand back the token of one outstanding buffer (for reset); NULL when none. */
void *virtq_drv_detach(struct virtq_drv *vq);

/*
 * Make a buffer available: sg[0..out) device-readable, then sg[out..out+in)
 * device-writable.  token (non-NULL) is returned by virtq_drv_get().  Uses an
 * indirect table when VIRTIO_F_INDIRECT_DESC was negotiated, a pool was
 * given, and either flags has VIRTQ_ADD_INDIRECT or the chain would not fit
 * in the free ring slots.  0, -VIRTQ_ENOSPC, -VIRTQ_EINVAL or -VIRTQ_EBROKEN.
 */
int virtq_drv_add(struct virtq_drv *vq, const struct virtq_sg *sg,
		  uint32_t out, uint32_t in, void *token, uint32_t flags);

/* After one or more adds: must the device be notified? (event suppression /
 * VIRTIO_F_EVENT_IDX).  Resets the "added since last kick" window. */
bool virtq_drv_kick_prepare(struct virtq_drv *vq);

/* The VIRTIO_F_NOTIFICATION_DATA value describing the current avail state:
 * packed vq_index | next_off << 16 | next_wrap << 31; split vq_index | avail_idx << 16. */
uint32_t virtq_drv_notify_data(const struct virtq_drv *vq);

/* Next used buffer's token (its used length in *len), or NULL when none
 * (or when the queue is broken: check virtq_drv_error()). */
void *virtq_drv_get(struct virtq_drv *vq, uint32_t *len);

/* Is a used buffer waiting? */
bool virtq_drv_more_used(const struct virtq_drv *vq);

/* Used-buffer notifications: disable; enable (false = buffers already
 * pending, poll again); enable after about 3/4 of outstanding buffers. */
void virtq_drv_disable_cb(struct virtq_drv *vq);
bool virtq_drv_enable_cb(struct virtq_drv *vq);
bool virtq_drv_enable_cb_delayed(struct virtq_drv *vq);

static inline int virtq_drv_error(const struct virtq_drv *vq) { return vq->err; }
static inline uint32_t virtq_drv_num_free(const struct virtq_drv *vq) { return vq->num_free; }

#endif /* VIRTQ_DRV_H */
