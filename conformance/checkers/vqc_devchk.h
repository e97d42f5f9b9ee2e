/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc_devchk.h - the device checker: a driver model that makes buffers
 * available exactly as the spec says and validates every value the device
 * writes back (used elements, flags, batching, notifications, buffers).
 *
 * Use: init; vqc_devchk_add() buffers; let the device process them;
 * vqc_devchk_collect() until it returns 0 (each call validates one used
 * element); then vqc_devchk_notified() with the device's decision about
 * notifying the driver.  Adversarial tests write raw descriptors with the
 * vqc_devchk_raw_* helpers.
 */
#ifndef VQC_DEVCHK_H
#define VQC_DEVCHK_H

#include "vqc.h"
#include "vqc_dump.h"

#define VQC_DEVCHK_SEGS 8u

struct vqc_devchk_id {
	bool busy;
	uint16_t ndesc;           /* ring slots (packed) / descriptors (split) */
	uint16_t head;            /* split: head descriptor */
	uint32_t wlen;
	uint32_t nseg;
	struct vqc_seg seg[VQC_DEVCHK_SEGS];
	uint64_t itable_gpa;      /* indirect table (device-readable), 0 = none */
	uint32_t itable_len;
	uint64_t rhash;           /* hash of everything device-readable */
};

#define VQC_USED_IDS 64u

struct vqc_used {
	uint16_t id;
	uint32_t len;
	uint32_t count;           /* buffers this element completed (in-order batch) */
	uint16_t ids[VQC_USED_IDS]; /* the first of them, in order */
};

struct vqc_devchk {
	struct vqc_ring r;
	struct vqc_report *rep;
	bool lost;
	/* packed */
	uint16_t next_avail;
	bool avail_wrap;
	uint16_t last_used;
	bool used_wrap;
	uint32_t inflight_slots;
	uint16_t next_id;          /* rotating Buffer ID cursor */
	/* split */
	uint16_t avail_idx;
	uint16_t used_idx;         /* next used idx to read */
	uint16_t next_desc;        /* rotating descriptor cursor */
	uint8_t desc_busy[VQC_MAX_NUM];
	/* both */
	uint32_t inflight;
	uint16_t order[VQC_MAX_NUM];
	uint32_t ord_head, ord_count;
	uint32_t notify_old;       /* used position at the last notify decision */
	uint16_t intr_flags, intr_off_wrap; /* driver event suppression as written */
	/* variations a conforming driver may use, for tests (default 0):
	 * flags OR'ed into a ring descriptor that points at a table (WRITE
	 * is ignored there, VQP-DEV-018 / VQS-DEV-008), flags OR'ed into
	 * packed table entries (NEXT is ignored there, VQP-DEV-019), and split
	 * buffers whose first split_ind_prefix segments are direct
	 * descriptors chained to the table (VQS-DEV-009). */
	uint16_t ind_ring_extra, itab_extra;
	uint32_t split_ind_prefix;
	struct vqc_devchk_id ids[VQC_MAX_NUM];
};

int vqc_devchk_init(struct vqc_devchk *c, const struct vqc_ring *r, struct vqc_report *rep);
void vqc_devchk_reset(struct vqc_devchk *c);
/* Make a buffer available; itable != NULL puts the segments in that
 * indirect table (itable_gpa its address).  0, or -1 when out of space. */
int vqc_devchk_add(struct vqc_devchk *c, const struct vqc_seg *seg, uint32_t nseg,
		   void *itable, uint64_t itable_gpa, uint16_t *id);
/* The notification data the driver would send now. */
uint32_t vqc_devchk_notify_data(const struct vqc_devchk *c);
/* 1: *u is a validated used element; 0: none; -1: violation (reported). */
int vqc_devchk_collect(struct vqc_devchk *c, struct vqc_used *u);
/* Driver event suppression: VIRTQ_EVT_F_* (split: DISABLE = NO_INTERRUPT,
 * DESC writes used_event = off). */
void vqc_devchk_set_intr(struct vqc_devchk *c, uint16_t mode, uint16_t off, bool wrap);
/* After collecting everything: judge the device's decision to notify. */
void vqc_devchk_notified(struct vqc_devchk *c, bool notified);
/* Validate the device's event suppression structure (packed: flags and
 * offset; split: used flags). */
void vqc_devchk_check_dev_evt(struct vqc_devchk *c);
/* A snapshot of the areas taken while the device was publishing: every
 * used element visible in it must be final, a batch's first last. */
int vqc_devchk_snapshot(struct vqc_devchk *c, const void *desc, const void *device);
void vqc_devchk_dump(const struct vqc_devchk *c, vqc_line_fn out, void *arg);

/* Raw writes for malformed rings.  Packed: descriptor k slots after the
 * next available slot, with the AVAIL/USED bits of that slot's lap when
 * avail is set (slot k == 0 is stored last by the caller's ordering). */
void vqc_devchk_raw_packed(struct vqc_devchk *c, uint32_t k, uint64_t addr, uint32_t len,
			   uint16_t id, uint16_t flags, bool avail);
void vqc_devchk_raw_split_desc(struct vqc_devchk *c, uint16_t i, uint64_t addr, uint32_t len,
			       uint16_t flags, uint16_t next);
/* Put head into the next avail ring entry and publish idx + 1. */
void vqc_devchk_raw_split_avail(struct vqc_devchk *c, uint16_t head);
void vqc_devchk_raw_split_idx(struct vqc_devchk *c, uint16_t idx);


#endif /* VQC_DEVCHK_H */
