/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_frontend.h - pvvhost's vhost-user front-end: it plays the VMM and the
 * guest at once, like DPDK's virtio-user.  Its memory is one memfd shared
 * with the back-end; its driver is the reference driver (virtq_drv_*),
 * which checks every used element the back-end writes; on top of it a
 * virtio-net workload sends numbered UDP frames and checks every frame
 * that comes back and every transmit buffer the device returns.
 */
#ifndef VU_FRONTEND_H
#define VU_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>
#include "virtq_drv.h"
#include "vqc_devchk.h"
#include "vu_msg.h"

#define VF_MEM_SIZE   (64u << 20)
#define VF_MEM_GPA    0x40000000ull   /* guest addresses differ from ours */
#define VF_QSIZE      256u
#define VF_BUF        2048u           /* bytes per frame buffer */
#define VF_MAX_VIOL   32u

struct vf_viol {
	char id[16];
	int must;
	uint32_t count;
	char msg[200];
};

struct vf_queue {
	unsigned index;
	struct virtq_drv drv;
	void *priv;
	uint8_t *ring;
	int kickfd, callfd;
	uint8_t *bufs;                /* VF_QSIZE buffers of VF_BUF bytes */
	uint64_t bufs_gpa;
	uint32_t outstanding;
	uint64_t calls, kicks;
	/* device-checker engine: the checker is the driver */
	struct vqc_devchk *chk;
	struct vqc_report rep;
	uint8_t *itab;                /* VF_QSIZE tables of 4 entries */
	uint64_t itab_gpa;
	uint16_t tok[VF_QSIZE];       /* Buffer ID / head -> buffer index */
	uint16_t fifo[VF_QSIZE];      /* IDs in the order made available */
	uint32_t fifo_head, fifo_n;
	uint32_t done_buf[VF_QSIZE], done_len[VF_QSIZE];  /* completions not yet taken */
	uint32_t done_head, done_n;
	uint32_t kick_old;            /* avail position at the last kick decision */
	bool stopped;
	uint32_t base;                /* what GET_VRING_BASE reported */
};

struct vf {
	int sock;
	int memfd;
	uint8_t *mem;
	size_t used;                  /* bump allocator over mem */
	uint64_t dev_features, features, pf;
	unsigned layout;
	unsigned hdr;                 /* virtio-net header bytes */
	bool checker;                 /* drive with the device checker, not virtq_drv */
	struct vf_queue q[2];         /* 0 receive, 1 transmit */
	/* workload */
	uint32_t seq;
	uint64_t tx_frames, tx_done, rx_frames, rx_bad, tx_clobbered, chains, indirect;
	uint64_t missed_calls, quiet_waits, armed_waits;
	unsigned nviol;
	struct vf_viol viol[VF_MAX_VIOL];
	char err[200];
};

/* Connect (retrying for up to 10 s), negotiate, share memory, start both
 * queues.  want: the features the front-end asks for; checker: the device
 * checker (vqc_devchk) drives the queues instead of the reference driver.
 * 0 or -1 (vf->err). */
int vf_connect(struct vf *f, const char *path, uint64_t want, bool checker);
/* Traffic for the given seconds. */
void vf_run(struct vf *f, double seconds);
/* Stop both rings (GET_VRING_BASE); q[k].base holds what was reported. */
void vf_stop(struct vf *f);
void vf_close(struct vf *f);
void vf_viol(struct vf *f, bool must, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* VU_FRONTEND_H */
