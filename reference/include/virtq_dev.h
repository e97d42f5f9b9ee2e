/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev.h - the device side of a virtqueue (host / VMM / SmartNIC), one
 * API for the packed and the split layout; each call dispatches to a
 * _packed or _split variant (virtq_dev_packed.c, virtq_dev_split.c).
 *
 * The driver's ring is hostile input.  Every descriptor is read exactly once
 * into a local copy (no double fetch); every address goes through the
 * caller's memory map with bounds checks; any malformed input leaves the
 * queue broken with a specific VIRTQ_E* code (virtq_dev_error()), after
 * which the device must set DEVICE_NEEDS_RESET and the queue does nothing
 * until virtq_dev_reset().  Nothing outside the map is ever touched.
 *
 * Memory: nothing is allocated.  The caller provides the map and
 * virtq_dev_priv_size() bytes of device-private memory.
 */
#ifndef VIRTQ_DEV_H
#define VIRTQ_DEV_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "virtq_layout.h"
#include "virtq_err.h"
#include "virtq_mem.h"
#include "virtq_dev_packed.h"
#include "virtq_dev_split.h"

/* One segment of a request: where the device may read (or write) it. */
struct virtq_seg {
	void *addr;           /* host pointer (already translated and checked) */
	uint32_t len;
	bool writable;        /* device-writable (VIRTQ_DESC_F_WRITE) */
};

/* A request popped from the available ring. */
struct virtq_req {
	uint16_t id;          /* packed: Buffer ID; split: head descriptor index */
	uint16_t ndesc;       /* packed: ring slots the buffer occupies */
	uint32_t nseg;        /* segments in seg[] */
	uint32_t out_len;     /* device-readable bytes */
	uint32_t in_len;      /* device-writable bytes */
	struct virtq_seg *seg;
};

struct virtq_dev_cfg {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	uint64_t features;                /* negotiated */
	uint64_t desc_gpa;                /* the three ring areas, guest addresses */
	uint64_t driver_gpa;
	uint64_t device_gpa;
	const struct virtq_memmap *mem;   /* must outlive the queue */
	void *priv;                       /* virtq_dev_priv_size() bytes, alignment >= 8 */
	size_t priv_size;
};

struct virtq_dev {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	bool f_indirect, f_event_idx, f_in_order, f_notif_data;
	int err;                          /* 0, or negative VIRTQ_E*: needs reset */
	const struct virtq_memmap *mem;
	union {
		struct virtq_dev_packed_state packed;
		struct virtq_dev_split_state split;
	} u;
};

/* Parsed VIRTIO_F_NOTIFICATION_DATA value. */
struct virtq_notify {
	uint16_t vq_index;
	uint16_t next_off;    /* packed: next avail offset; split: avail idx */
	bool next_wrap;       /* packed only */
};

size_t virtq_dev_priv_size(unsigned layout, uint32_t num);

/* 0, -VIRTQ_EINVAL (bad size/config) or -VIRTQ_EADDR (ring outside the map). */
int virtq_dev_init(struct virtq_dev *vq, const struct virtq_dev_cfg *cfg);

/* Back to the initial state, error cleared (device or per-queue reset). */
void virtq_dev_reset(struct virtq_dev *vq);

/*
 * Take the next available request in ring order.  seg[] receives up to
 * max_seg segments.  1: *req filled; 0: nothing available; negative: the
 * ring is malformed (the queue is now broken, see virtq_dev_error()).
 */
int virtq_dev_pop(struct virtq_dev *vq, struct virtq_req *req,
		  struct virtq_seg *seg, uint32_t max_seg);

/*
 * Mark a popped request used with len bytes written.  Staged: nothing is
 * visible to the driver until virtq_dev_flush(), which publishes a batch
 * (first element last).  In in-order mode a batch may be published as a
 * single used element.  0 or negative (EINVAL: not in flight, len > in_len;
 * EBROKEN: the queue is broken).
 */
int virtq_dev_push(struct virtq_dev *vq, const struct virtq_req *req, uint32_t len);
void virtq_dev_flush(struct virtq_dev *vq);

/* After a flush: does the driver want a used-buffer notification? */
bool virtq_dev_should_notify(struct virtq_dev *vq);

/* Available-buffer notifications from the driver: disable, or enable
 * (false = requests already pending, pop again). */
void virtq_dev_disable_notify(struct virtq_dev *vq);
bool virtq_dev_enable_notify(struct virtq_dev *vq);

/* Parse a notification-data value for this layout (VIRTIO_F_NOTIFICATION_DATA). */
void virtq_dev_parse_notify_data(unsigned layout, uint32_t data, struct virtq_notify *out);

/*
 * Ring position for migration / vhost-user GET/SET_VRING_BASE:
 * bits 0..14 last avail index, bit 15 avail wrap counter, bits 16..30 used
 * index, bit 31 used wrap counter (packed); split: last avail idx in bits
 * 0..15, used idx in bits 16..31.
 */
uint32_t virtq_dev_get_base(const struct virtq_dev *vq);
int virtq_dev_set_base(struct virtq_dev *vq, uint32_t base);

static inline int virtq_dev_error(const struct virtq_dev *vq) { return vq->err; }

#endif /* VIRTQ_DEV_H */
