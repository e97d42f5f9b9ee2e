/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_split.h - driver-side state of a split virtqueue (private to
 * the driver; lives in struct virtq_drv).  See virtq_drv.h for the API.
 *
 * Everything the driver writes to shared memory has a shadow here or in
 * the private memory (heads[], next[]); the driver never reads back what it
 * wrote, it reads only what the device writes (used ring, used->idx,
 * avail_event, used->flags), and checks each of those values.
 */
#ifndef VIRTQ_DRV_SPLIT_H
#define VIRTQ_DRV_SPLIT_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_split.h"

/* Per head descriptor bookkeeping, in the caller's private memory. */
struct virtq_drv_split_head {
	void *token;          /* NULL when this index is not a chain head in flight */
	uint32_t in_len;      /* device-writable bytes */
	uint16_t ndesc;       /* descriptors in the chain (1 for indirect) */
	uint16_t last;        /* last descriptor of the chain (to splice into the free list) */
};

struct virtq_drv_split_state {
	volatile struct virtq_split_desc *desc;
	volatile struct virtq_split_avail *avail;
	volatile struct virtq_split_used *used;
	volatile uint16_t *used_event;  /* after avail->ring[num] (driver-written) */
	volatile uint16_t *avail_event; /* after used->ring[num] (device-written) */
	struct virtq_drv_split_head *heads;
	uint16_t *next;           /* shadow of desc[i].next: free list and chains */
	uint16_t mask;            /* num - 1 */
	uint16_t free_head;
	uint16_t avail_idx;       /* shadow of avail->idx */
	uint16_t avail_flags;     /* shadow of avail->flags (NO_INTERRUPT = callbacks off) */
	uint16_t used_event_shadow; /* shadow of used_event */
	uint16_t last_used;       /* next used index to consume */
	uint16_t used_idx;        /* used->idx as last read and validated */
	uint16_t kick_old;        /* avail_idx at the last kick decision */
	uint16_t ord_next;        /* in-order: next head expected to be used */
	uint16_t detach_pos;      /* detach: next head index to look at */
	uint32_t batch_last_id;   /* in-order: head of the batch's last buffer, or UINT32_MAX */
	uint32_t batch_last_len;
};

#endif /* VIRTQ_DRV_SPLIT_H */
