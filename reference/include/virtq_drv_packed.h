/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_packed.h - driver-side state of a packed virtqueue (private to
 * the driver; lives in struct virtq_drv).  See virtq_drv.h for the API.
 *
 * Ring positions are kept as an offset (0..num-1) plus a wrap counter, the
 * way the packed layout encodes them on the wire (off_wrap).
 */
#ifndef VIRTQ_DRV_PACKED_H
#define VIRTQ_DRV_PACKED_H

#include <stdint.h>
#include <stdbool.h>
#include "virtq_packed.h"

/* End of the free list / in-order list (queue sizes stop at 32768). */
#define VIRTQ_DRV_PACKED_NOID 0xffffu

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
	bool avail_wrap;
	uint16_t last_used;       /* next ring slot to read a used element from */
	bool used_wrap;
	uint16_t free_head;       /* first free Buffer ID */
	uint16_t ord_head;        /* in-order: oldest outstanding Buffer ID */
	uint16_t ord_tail;        /* in-order: newest outstanding Buffer ID */
	uint32_t batch_last_id;   /* in-order: ID of the batch's last buffer, or UINT32_MAX */
	uint32_t batch_last_len;
	uint16_t kick_old;        /* off_wrap of next_avail at the last kick decision */
	uint32_t kick_added;      /* ring slots made available since then */
	uint16_t evt_flags;       /* shadow of drv_evt->flags */
	uint16_t evt_off_wrap;    /* shadow of drv_evt->off_wrap */
	uint32_t detach_pos;      /* next Buffer ID virtq_drv_detach() looks at */
};

/* off_wrap encoding of a ring position (packed: event suppression). */
static inline uint16_t virtq_packed_off_wrap(uint16_t off, bool wrap)
{
	return (uint16_t)(off | ((unsigned)wrap << VIRTQ_EVT_WRAP_SHIFT));
}

/*
 * A ring position as a number in [0, 2*num): the first lap runs with wrap
 * counter 1, the second with 0, and the pattern repeats every two laps.
 * Offsets a hostile peer put out of range are folded in, never trusted.
 */
static inline uint32_t virtq_packed_lap_pos(uint32_t num, uint16_t off_wrap)
{
	uint32_t off = off_wrap & VIRTQ_EVT_OFF_MASK;

	return (off + ((off_wrap >> VIRTQ_EVT_WRAP_SHIFT) ? 0 : num)) % (2 * num);
}

/*
 * Packed event suppression, "reached or passed": the peer asked for a
 * notification at position evt; we moved our position from old to cur
 * (fewer than 2*num slots).  True when evt lies in [old, cur), so a chain
 * (or a run of used elements) that steps over evt counts as reaching it.
 */
static inline bool virtq_packed_event_hit(uint32_t num, uint16_t evt, uint16_t old, uint16_t cur)
{
	uint32_t m = 2 * num;
	uint32_t pc = virtq_packed_lap_pos(num, cur);
	uint32_t moved = (pc + m - virtq_packed_lap_pos(num, old)) % m;
	uint32_t behind = (pc + 2 * m - virtq_packed_lap_pos(num, evt) - 1) % m;

	return behind < moved;
}

#endif /* VIRTQ_DRV_PACKED_H */
