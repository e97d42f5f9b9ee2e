/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * clxfer_run.h - run the reference driver and device alternately in one
 * thread over one shared ring block, watching every load and store to the
 * block (pvc_wtrap), and feed each access, with the side that made it, to
 * the coherence model.
 *
 * One round: the driver adds `batch` buffers (and, with notifications on,
 * decides whether to kick); the device pops them all, marks them used and
 * publishes them with one flush (and decides whether to interrupt); the
 * driver takes them all back.  With rearm, the device brackets its phase
 * with virtq_dev_disable_notify() / virtq_dev_enable_notify() and the
 * driver its taking back with virtq_drv_disable_cb() / virtq_drv_enable_cb()
 * (the pattern of a side that sleeps between notifications).  The first `warmup` buffers set the line
 * states up without being counted.
 */
#ifndef CLXFER_RUN_H
#define CLXFER_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include "virtq_layout.h"
#include "clxfer_model.h"

enum clx_notify {
	CLX_NOTIFY_NONE,      /* no notification decisions (polling both ways) */
	CLX_NOTIFY_FLAGS,     /* decisions from flags (no VIRTIO_F_EVENT_IDX) */
	CLX_NOTIFY_EVENT_IDX, /* decisions from VIRTIO_F_EVENT_IDX */
};

struct clx_cfg {
	unsigned layout;      /* VIRTQ_LAYOUT_SPLIT / VIRTQ_LAYOUT_PACKED */
	uint32_t num;         /* queue size */
	uint32_t batch;       /* B: buffers per round */
	uint32_t sg;          /* descriptors per buffer (1 = the spec's table) */
	uint64_t buffers;     /* counted buffers (rounded up to a multiple of B) */
	uint64_t warmup;      /* uncounted buffers first; 0 = 2 * num */
	bool in_order;        /* VIRTIO_F_IN_ORDER */
	bool indirect;        /* VIRTIO_F_INDIRECT_DESC, every buffer in a table */
	enum clx_notify notify;
	bool rearm;           /* with notify: each side turns the other's notifications
			       * off while it works and back on at the end of its phase */
	uint32_t trace;       /* print every access of the first `trace` counted rounds */
	bool compact;         /* areas back to back at the spec's minimum
			       * alignments; else as virtq_ring_layout() places
			       * them, each on its own 64-byte line */
};

/* Where the areas go in the block: virtq_ring_layout(), or line-aligned. */
int clx_place(unsigned layout, uint32_t num, bool compact, struct virtq_ring_offsets *o);

struct clx_result {
	struct clx_model model;
	uint64_t buffers;     /* counted */
	uint64_t kicks, interrupts;
};

/* 0, or -1 with a message in err (bad configuration, queue error, no trap). */
int clx_run(const struct clx_cfg *cfg, struct clx_result *res, char *err, size_t errlen);

#endif /* CLXFER_RUN_H */
