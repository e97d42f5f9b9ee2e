/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_backend.h - pvvhost's vhost-user back-end: the protocol state machine
 * (vu_backend.c), the virtqueues it runs with the reference device
 * (virtq_dev_*) while the driver checker (vqc_drvchk) judges every buffer
 * the front-end's driver makes available (vu_vring.c), and the device
 * model on top (vu_net.c).
 */
#ifndef VU_BACKEND_H
#define VU_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include "virtq_dev.h"
#include "vqc_drvchk.h"
#include "vu_mem.h"
#include "vu_msg.h"

#define VU_MAX_QUEUES 8u          /* 4 queue pairs */
#define VU_MAX_SEGS   64u         /* segments per request the device takes */
#define VU_MAX_VIOL   64u         /* distinct violations kept */

struct vu_backend;

/* One recorded rule violation (checker, reference device or protocol). */
struct vu_viol {
	char id[16];
	int level;                /* VQC_MUST or VQC_SHOULD */
	unsigned queue;
	uint32_t count;
	char msg[200];
};

struct vu_vq {
	struct vu_backend *b;
	unsigned index;
	/* configuration from the front-end */
	uint32_t num;
	uint64_t desc_ua, avail_ua, used_ua;
	bool addr_set;
	uint32_t base;
	int kickfd, callfd, errfd;
	bool enabled;             /* SET_VRING_ENABLE (or implicit) */
	bool started;             /* rings translated, device initialised */
	bool broken;              /* a malformed ring: stopped until reset */
	unsigned layout;
	/* reference device */
	struct virtq_dev dev;
	void *dev_priv;
	bool notify_on;           /* device asked for kicks before sleeping */
	/* driver checker in lockstep with the device */
	struct vqc_drvchk *chk;
	struct vqc_report rep;
	void *scratch;            /* where the checker's own ring writes go */
	size_t scratch_size;
	struct vqc_avail_buf abuf;
	/* counters */
	uint64_t kicks, calls, bufs, bytes, indirect, max_chain, mismatches;
	uint64_t sweep_hits;
	double last_kick;         /* vu_now() of the last kick */
};

/* A device model on top of the rings. */
struct vu_device {
	const char *name;
	uint64_t features;        /* device-specific bits to offer */
	unsigned queues;          /* queues per pair (net: rx, tx) */
	void (*reset)(struct vu_backend *b);
	/* the queue has work (kick, or a sweep); notifications are disabled
	 * while it runs.  Returns the number of buffers it took. */
	unsigned (*process)(struct vu_backend *b, struct vu_vq *vq);
	/* idle tick: deliver pending work (e.g. queued receive frames) */
	void (*tick)(struct vu_backend *b);
	/* configuration space bytes [off, off+len) for GET_CONFIG; 0 or -1.
	 * NULL: the front-end serves the configuration space itself. */
	int (*get_config)(struct vu_backend *b, uint32_t off, uint8_t *out, uint32_t len);
};

struct vu_backend {
	int listen_fd, conn_fd;
	const struct vu_device *devm;
	void *dstate;
	uint64_t offered;         /* features offered */
	uint64_t features;        /* accepted by SET_FEATURES */
	bool features_set;
	uint64_t pf_offered, pf;  /* protocol features */
	bool owner;
	uint8_t status;           /* SET_STATUS */
	unsigned pairs;           /* queue pairs offered */
	struct vu_mem mem;
	struct vu_vq vq[VU_MAX_QUEUES];
	bool checker;             /* run the driver checker */
	bool quiet;
	/* what happened */
	uint64_t msgs, msg_errors, connections, disconnects;
	uint64_t msg_count[VU_REQ_MAX];
	uint64_t features_seen;   /* union of everything SET_FEATURES wrote */
	uint64_t features_run;    /* union of the features rings started with */
	uint64_t rings_started;
	/* per layout (VIRTQ_LAYOUT_*): buffers taken, of them judged by the
	 * checker, indirect ones, kicks */
	uint64_t lay_bufs[2], lay_checked[2], lay_indirect[2], lay_kicks[2];
	uint32_t last_req[8];     /* the last requests received, oldest first */
	unsigned nlast;
	unsigned nviol;
	struct vu_viol viol[VU_MAX_VIOL];
	char last_error[200];
};

/* offered: virtio feature bits (ring and device); 0 on success. */
int vu_backend_init(struct vu_backend *b, const struct vu_device *devm, void *dstate,
		    uint64_t offered, unsigned pairs);
void vu_backend_fini(struct vu_backend *b);
/* Listen on a unix socket path (removed first). 0 or -1. */
int vu_backend_listen(struct vu_backend *b, const char *path);
/* Read and handle one message from conn_fd.  1 handled, 0 peer closed,
 * -1 the connection was dropped because of a bad message. */
int vu_backend_serve_one(struct vu_backend *b);
/* Drop the connection and every ring and mapping (front-end gone). */
void vu_backend_disconnect(struct vu_backend *b);
/* Event loop until the deadline (CLOCK_MONOTONIC seconds) or, with
 * until_disconnect, the first front-end going away. */
void vu_backend_run(struct vu_backend *b, double deadline, bool until_disconnect,
		    volatile int *stop);

/* Record a violation (deduplicated by id and queue). */
void vu_viol_add(struct vu_backend *b, unsigned queue, int level, const char *id,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* --- vu_vring.c: rings for the device model --------------------------- */
int vu_vq_start(struct vu_vq *vq);
void vu_vq_stop(struct vu_vq *vq);
/* 1 request, 0 none, negative: ring malformed (queue now broken). */
int vu_vq_pop(struct vu_vq *vq, struct virtq_req *req, struct virtq_seg *seg, uint32_t max);
void vu_vq_push(struct vu_vq *vq, const struct virtq_req *req, uint32_t len);
/* Publish what was pushed; notify the driver when it asked for it. */
void vu_vq_flush(struct vu_vq *vq);
void vu_vq_notify_disable(struct vu_vq *vq);
/* false: buffers arrived meanwhile, process again */
bool vu_vq_notify_enable(struct vu_vq *vq);
/* Per-round checks that need no buffer (ownership, event areas). */
void vu_vq_check_round(struct vu_vq *vq);
static inline bool vu_vq_ready(const struct vu_vq *vq)
{
	return vq->started && vq->enabled && !vq->broken;
}

double vu_now(void);

#endif /* VU_BACKEND_H */
