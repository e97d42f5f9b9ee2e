/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc_drvchk.h - the driver checker: a device model that validates every
 * value a driver writes to a packed or split ring.
 *
 * Use: init; let the driver add buffers; vqc_drvchk_poll() until it
 * returns 0 (each call validates one available buffer and records the
 * descriptors the device now owns); vqc_drvchk_kick() with what the driver
 * decided about notifying; complete buffers with vqc_drvchk_use() (or a
 * whole in-order batch with vqc_drvchk_use_batch()); vqc_drvchk_owned()
 * at any time verifies the driver left device-owned descriptors alone.
 */
#ifndef VQC_DRVCHK_H
#define VQC_DRVCHK_H

#include "vqc.h"
#include "vqc_dump.h"

struct vqc_avail_buf {
	uint16_t id;            /* packed Buffer ID / split head index */
	uint16_t ndesc;         /* ring slots (packed) or descriptors (split) */
	uint16_t slot;          /* packed: first slot */
	bool indirect;
	uint64_t itab_gpa;      /* the indirect table, when indirect */
	uint32_t itab_len;
	uint32_t nseg;
	uint32_t rlen, wlen;    /* device-readable / -writable bytes */
	struct vqc_seg seg[VQC_MAX_SEGS];
};

struct vqc_drvchk_id {
	bool busy;
	uint16_t ndesc;
	uint32_t wlen;
	uint64_t itab_gpa;      /* indirect table, 0 = none */
	uint32_t itab_len;
	uint64_t itab_hash;     /* its contents when made available */
};

struct vqc_drvchk {
	struct vqc_ring r;
	struct vqc_report *rep;
	bool lost;               /* the driver broke the ring; the model stopped */
	/* packed */
	uint16_t last_avail;
	bool avail_wrap;
	uint16_t next_used;
	bool used_wrap;
	/* split */
	uint16_t avail_idx;      /* next avail index to read */
	uint16_t used_idx;       /* next used index to write */
	uint16_t inorder_next;   /* IN_ORDER: next descriptor in ring order */
	/* both */
	uint32_t kick_old;       /* packed: lin position; split: avail idx at last kick decision */
	uint32_t signal_old;     /* last used position the driver was notified about */
	uint32_t inflight;
	uint32_t inflight_slots;  /* packed: ring slots the device owns */
	uint16_t order[VQC_MAX_NUM];   /* in-flight IDs in the order made available */
	uint32_t ord_head, ord_count;
	struct vqc_drvchk_id ids[VQC_MAX_NUM];
	uint8_t owned[VQC_MAX_NUM];    /* split: descriptor in flight */
	uint8_t shadow[VQC_MAX_NUM][16];
	uint16_t evt_flags, evt_off_wrap; /* device event suppression as written */
};

/* 0, or -1 if the ring is bigger than VQC_MAX_NUM. */
int vqc_drvchk_init(struct vqc_drvchk *c, const struct vqc_ring *r, struct vqc_report *rep);
/* 1: *b is the next available buffer; 0: none; -1: violation (reported). */
int vqc_drvchk_poll(struct vqc_drvchk *c, struct vqc_avail_buf *b);
/* Complete one buffer (any order): write its used element. 0 or -1 if id is not in flight. */
int vqc_drvchk_use(struct vqc_drvchk *c, uint16_t id, uint32_t len);
/* IN_ORDER: complete every buffer up to and including id with one used element. */
int vqc_drvchk_use_batch(struct vqc_drvchk *c, uint16_t id, uint32_t len);
/* Adversarial: write a used element as given (packed flags: flags, or 0
 * for the correct used flags); the model does not change its bookkeeping
 * beyond advancing the used position by one. */
void vqc_drvchk_raw_used(struct vqc_drvchk *c, uint32_t id, uint32_t len, uint16_t flags);
/* Verify that no descriptor the device owns changed since it was read. */
void vqc_drvchk_owned(struct vqc_drvchk *c);
/* Device event suppression: VIRTQ_EVT_F_* (packed) with off/wrap for DESC;
 * split: DISABLE sets VIRTQ_USED_F_NO_NOTIFY, DESC writes avail_event = off. */
void vqc_drvchk_set_event(struct vqc_drvchk *c, uint16_t mode, uint16_t off, bool wrap);
/* After polling everything: the driver decided to notify (kicked) or not,
 * with notification data 'data' when VIRTIO_F_NOTIFICATION_DATA is on. */
void vqc_drvchk_kick(struct vqc_drvchk *c, bool kicked, uint32_t data);
/* Would a device have to notify the driver now (the driver's event
 * suppression, "reached or passed" since the last notification)?  Also
 * validates the driver's event suppression fields. Resets the window. */
bool vqc_drvchk_interrupt(struct vqc_drvchk *c);
/* Back to the initial state (device reset): the driver resets too. */
void vqc_drvchk_reset(struct vqc_drvchk *c);

void vqc_drvchk_dump(const struct vqc_drvchk *c, vqc_line_fn out, void *arg);

/* per-layout implementations */
int vqc_drvchk_seg(struct vqc_drvchk *c, struct vqc_avail_buf *b, uint64_t addr,
		   uint32_t len, uint16_t flags);
int vqc_drvchk_poll_packed(struct vqc_drvchk *c, struct vqc_avail_buf *b);
int vqc_drvchk_poll_split(struct vqc_drvchk *c, struct vqc_avail_buf *b);
void vqc_drvchk_write_used_packed(struct vqc_drvchk *c, uint16_t id, uint32_t len, uint16_t ndesc, uint16_t flags);
void vqc_drvchk_write_used_split(struct vqc_drvchk *c, uint32_t id, uint32_t len);

/*
 * Judge one intermediate state of the ring, captured while the driver was
 * adding (desc / driver point into a copy of the areas): whatever a device
 * could see as available in it must already be complete and final
 * (packed: first flags last; split: descriptors and ring entry before the
 * index).  Call before vqc_drvchk_poll() consumes the new buffers.
 */
int vqc_drvchk_snapshot(struct vqc_drvchk *c, const void *desc, const void *driver);
int vqc_drvchk_snapshot_packed(struct vqc_drvchk *c, const void *desc);
int vqc_drvchk_snapshot_split(struct vqc_drvchk *c, const void *desc, const void *driver);

#endif /* VQC_DRVCHK_H */
