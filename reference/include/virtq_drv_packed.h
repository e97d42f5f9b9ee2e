/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_packed.h - driver-side state of a packed virtqueue (private to
 * the driver; lives in struct virtq_drv).  See virtq_drv.h for the API.
 */
#ifndef VIRTQ_DRV_PACKED_H
#define VIRTQ_DRV_PACKED_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_packed.h"

/* Per Buffer ID bookkeeping, in the caller's private memory. */
struct virtq_drv_packed_id {
	void *token;          /* NULL when the ID is free */
	uint32_t in_len;      /* device-writable bytes: used len must not exceed it */
	uint16_t ndesc;       /* ring slots the buffer occupies */
	uint16_t next;        /* free list link, or in-order successor */
};

struct virtq_drv_packed_state {
	volatile struct virtq_packed_desc *desc;
	volatile struct virtq_packed_event *drv_evt;  /* written by the driver */
	volatile struct virtq_packed_event *dev_evt;  /* written by the device */
	struct virtq_drv_packed_id *ids;
	uint16_t next_avail;      /* next ring slot to fill */
	uint16_t avail_flags;     /* AVAIL|USED bits for the current avail wrap */
	bool avail_wrap;
	uint16_t last_used;       /* next ring slot to read a used element from */
	bool used_wrap;
	uint16_t free_head;       /* first free Buffer ID */
	uint16_t ord_head;        /* in-order: oldest outstanding Buffer ID */
	uint16_t ord_tail;        /* in-order: newest outstanding Buffer ID */
	uint32_t batch_last_id;   /* in-order: ID of the batch's last buffer, or UINT32_MAX */
	uint32_t batch_last_len;
	uint16_t kick_old;        /* off_wrap of next_avail at the last kick decision */
	uint16_t evt_flags;       /* shadow of drv_evt->flags */
	uint16_t evt_off_wrap;    /* shadow of drv_evt->off_wrap */
};

#endif /* VIRTQ_DRV_PACKED_H */
