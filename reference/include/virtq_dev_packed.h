/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_packed.h - device-side state of a packed virtqueue.
 */
#ifndef VIRTQ_DEV_PACKED_H
#define VIRTQ_DEV_PACKED_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_packed.h"
#include "virtq_drv_packed.h"   /* virtq_packed_off_wrap(), virtq_packed_event_hit() */

struct virtq_dev_packed_state {
	volatile struct virtq_packed_desc *desc;
	volatile struct virtq_packed_event *drv_evt;  /* written by the driver */
	volatile struct virtq_packed_event *dev_evt;  /* written by the device */
	uint64_t *inflight;       /* bitmap of Buffer IDs popped and not yet used */
	uint16_t last_avail;      /* next ring slot to read */
	bool avail_wrap;
	uint16_t next_used;       /* next ring slot to write a used element to */
	bool used_wrap;
	/* staged batch (between push and flush) */
	uint16_t batch_start;     /* slot of the batch's first used element */
	bool batch_start_wrap;
	uint16_t batch_first_flags; /* flags to publish last, for the first element */
	uint32_t batch_count;     /* used elements staged */
	uint16_t batch_last_id;   /* in-order: last Buffer ID in the batch */
	uint32_t batch_last_len;
	bool batch_last_short;    /* in-order: last buffer not fully written */
	uint32_t batch_ndesc;     /* in-order: slots the batch covers */
	uint16_t signalled_used;  /* off_wrap of next_used at the last notify decision */
	uint32_t used_since;      /* slots published since that decision */
	uint16_t evt_flags;       /* shadow of dev_evt->flags */
	uint16_t evt_off_wrap;    /* shadow of dev_evt->off_wrap */
};

#endif /* VIRTQ_DEV_PACKED_H */
