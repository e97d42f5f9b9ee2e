/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vq_env.h - the setting of one in-process virtqueue test: simulated guest
 * memory, one ring, a checker on it and the target's driver or device.
 * Everything is released after the result (pvc_set_cleanup), and a
 * failing test gets a ring dump (pvc_set_dump).
 */
#ifndef VQ_ENV_H
#define VQ_ENV_H

#include "pvc.h"
#include "pvc_mem.h"
#include "ops.h"
#include "vqc_drvchk.h"
#include "vqc_devchk.h"

#define VQ_SEG_BYTES   64u     /* default segment size */
#define VQ_MAX_INDIRECT 8u

/* A second queue on the same device (VQP-DEV-036): its own ring, checker
 * and device handle, released with the first. */
struct vq_env2 {
	uint8_t *ring;
	uint64_t ring_gpa;
	struct vqc_ring r;
	struct vqc_devchk *vc;
	void *dev;
};

struct vq_env {
	struct pvc_ctx *ctx;
	const struct pvc_target *tg;
	unsigned layout;
	uint32_t num;
	uint64_t features;
	struct pvc_mem mem;
	uint8_t *ring;                 /* page-aligned block: desc, driver, device */
	uint64_t ring_gpa;
	size_t ring_bytes;             /* rounded up to pages */
	struct virtq_ring_offsets off;
	struct vqc_ring r;
	struct vqc_report rep;
	/* driver under test (checker plays the device) */
	struct vqc_drvchk *dc;
	void *drv;
	void *ipool;
	uint64_t ipool_gpa;
	/* device under test (checker plays the driver) */
	struct vqc_devchk *vc;
	void *dev;
	/* data buffers: nbuf segments of bufsz bytes, handed out in rotation */
	uint8_t *data;
	uint64_t data_gpa;
	uint32_t nbuf, bufsz, next_buf;
	/* indirect tables for the device checker: one per Buffer slot */
	uint8_t *itab;
	uint64_t itab_gpa;
	uint32_t next_itab;
	/* snapshots taken store by store (pvc_wtrap) */
	uint8_t *snaps;
	size_t *snap_off;              /* ring offset each store went to */
	uint16_t *reads;               /* per ring byte: loads seen (vq_trap_reads) */
	bool reading;
	uint32_t nsnap, maxsnap;
	bool snap_overflow;
	/* the driver's initial ring state (VQP-DRV-002, VQS-DRV-003) */
	struct vq_env2 q2;
	bool init_zeroed;
	char init_msg[120];
};

/* Negotiation: the target must offer every bit of need (else SKIP); of
 * want, the offered ones are taken.  VERSION_1 and, for packed targets,
 * RING_PACKED are always wanted. */
struct vq_env *vq_env_drv(struct pvc_ctx *ctx, uint32_t num, uint64_t want, uint64_t need);
struct vq_env *vq_env_dev(struct pvc_ctx *ctx, uint32_t num, uint64_t want, uint64_t need);
bool vq_has(const struct vq_env *e, unsigned bit);
/* Release the test's environment now (to set up another one). */
void vq_env_done(struct pvc_ctx *ctx);
/* Create the second queue (device role). */
void vq_env_dev_q2(struct vq_env *e);

/* A data segment: guest address, host pointer in *va. */
uint64_t vq_buf(struct vq_env *e, void **va);

/* --- driver under test --- */
/* Add a buffer of out readable + in writable segments of len bytes each
 * (token = (void *)(uintptr_t)tok, tok != 0).  Returns the driver's result. */
int vq_drv_add(struct vq_env *e, uint32_t out, uint32_t in, uint32_t len, uintptr_t tok,
	       uint32_t flags);
/* Poll every newly available buffer into b[] (max n); returns the count
 * (checker violations are test failures). */
uint32_t vq_drv_poll_all(struct vq_env *e, struct vqc_avail_buf *b, uint32_t n);
/* kick_prepare + notify data, judged by the checker */
bool vq_drv_kick(struct vq_env *e);
/* get() one buffer: expects token tok with len (tok 0: expects none). */
void vq_drv_expect(struct vq_env *e, uintptr_t tok, uint32_t len);
/* Reset the driver and the checker's device (device reset); returns the
 * number of tokens detach() handed back. */
uint32_t vq_drv_reset(struct vq_env *e);
/* Is the ring in the state a driver leaves it before enabling a queue?
 * (0 or a message in e->init_msg) */
int vq_drv_ring_initial(struct vq_env *e);

/* --- device under test --- */
/* Make a buffer available: out readable + in writable segments of len
 * bytes (len <= bufsz); indirect: through a table.  Returns the ID. */
uint16_t vq_dev_add(struct vq_env *e, uint32_t out, uint32_t in, uint32_t len, bool indirect);
/* Let the device process up to max requests; returns what process() did. */
int vq_dev_process(struct vq_env *e, uint32_t max, bool complete);
/* Collect every used element (validated by the checker, data checked
 * against pvc_fill_byte()); ids[] receives the completed IDs in order. */
uint32_t vq_dev_collect(struct vq_env *e, uint16_t *ids, uint32_t max);
/* should_notify() judged by the checker (after collecting). */
bool vq_dev_notify(struct vq_env *e);
/* Nothing outside the allocations was written. */
void vq_guard(struct vq_env *e, const char *id);

/* --- store-by-store observation --- */
void vq_trap_begin(struct vq_env *e);
void vq_trap_end(struct vq_env *e);
/* Count the loads from each ring byte instead (e->reads[], zeroed here). */
void vq_trap_reads_begin(struct vq_env *e);
/* Judge the snapshots with the driver or device checker. */
void vq_trap_check(struct vq_env *e);

/* A deterministic pseudo-random sequence per test. */
uint32_t vq_rand(uint32_t *state);

#endif /* VQ_ENV_H */
