/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_split.h - device-side state of a split virtqueue (private to
 * the device; lives in struct virtq_dev).  See virtq_dev.h for the API.
 */
#ifndef VIRTQ_DEV_SPLIT_H
#define VIRTQ_DEV_SPLIT_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_split.h"

struct virtq_dev_split_state {
	volatile struct virtq_split_desc *desc;
	volatile struct virtq_split_avail *avail;
	volatile struct virtq_split_used *used;
	volatile uint16_t *used_event;  /* after avail->ring[num] (driver-written) */
	volatile uint16_t *avail_event; /* after used->ring[num] (device-written) */
	uint64_t *inflight;       /* bitmap of head indexes popped and not yet used */
	uint16_t *order;          /* in-order: heads in pop order, indexed by avail position */
	uint16_t mask;            /* num - 1 */
	uint16_t last_avail;      /* next avail index to read */
	uint16_t avail_idx_cache; /* last avail->idx read (validated) */
	uint16_t avail_event_shadow; /* shadow of avail_event */
	uint16_t used_idx;        /* shadow of used->idx including staged elements */
	uint16_t used_pub;        /* used->idx as last published */
	uint16_t signalled_used;  /* used idx at the last notify decision */
	uint16_t used_flags;      /* shadow of used->flags (NO_NOTIFY = kicks off) */
	bool notify_off;          /* disable_notify in effect (either mode) */
	/* in-order batch staging: batch_count buffers ending at used_idx,
	 * to be published as one used element naming the last of them */
	uint32_t batch_count;
	uint16_t batch_last_id;
	uint32_t batch_last_len;
	bool batch_last_partial;  /* last one not fully written: batch must end */
};

#endif /* VIRTQ_DEV_SPLIT_H */
