/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ops.h - adapter ops tables that plug an implementation under test into
 * the conformance tests: one table for a driver under test (the checker
 * plays the device), one for a device under test (the checker plays the
 * driver).  A target is a name, a ring layout and one or both tables.
 * Handles are opaque; every function gets the handle create() returned.
 */
#ifndef PVC_OPS_H
#define PVC_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "virtq_drv.h"
#include "virtq_dev.h"

/* Everything a driver under test is given: negotiated features and the
 * ring areas (host pointer + guest address of each). */
struct pvc_drv_setup {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	uint64_t features;
	struct virtq_area desc, driver, device;
	struct virtq_area indirect;    /* pool, num * max_indirect descriptors */
	uint32_t max_indirect;
};

struct pvc_drv_ops {
	/* Feature bits the driver supports (offered ones are intersected). */
	uint64_t features;
	int (*create)(void **h, const struct pvc_drv_setup *s);
	void (*destroy)(void *h);
	int (*add)(void *h, const struct virtq_sg *sg, uint32_t out, uint32_t in,
		   void *token, uint32_t flags);
	bool (*kick_prepare)(void *h);
	uint32_t (*notify_data)(void *h);
	void *(*get)(void *h, uint32_t *len);
	void (*disable_cb)(void *h);
	bool (*enable_cb)(void *h);
	bool (*enable_cb_delayed)(void *h);
	void (*reset)(void *h);
	void *(*detach)(void *h);
	int (*error)(void *h);           /* 0 or negative: the driver gave up on the queue */
};

/* Everything a device under test is given. */
struct pvc_dev_setup {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	uint64_t features;
	uint64_t desc_gpa, driver_gpa, device_gpa;
	const struct virtq_memmap *mem;
};

/*
 * What a device adapter writes into a request's device-writable part: byte
 * k of the writable stream (segments in chain order, contiguous) is
 * pvc_fill_byte(id, k).  It writes the whole writable part and reports
 * that length, so a test can check order and contiguity (VQP-DEV-016,
 * VQS-DEV-006).
 */
static inline uint8_t pvc_fill_byte(uint16_t id, uint32_t k)
{
	return (uint8_t)(0x3c ^ (k * 7u) ^ (id * 13u));
}

struct pvc_dev_ops {
	uint64_t features;
	int (*create)(void **h, const struct pvc_dev_setup *s);
	void (*destroy)(void *h);
	/*
	 * The device's application: take up to max available requests in
	 * ring order and fill their device-writable part (pvc_fill_byte()).
	 * complete: return them used, in the order taken, as one batch
	 * (published together); otherwise keep them in flight.  Returns the
	 * number taken (>= 0) or a negative error: the device found the ring
	 * malformed and needs a reset.
	 */
	int (*process)(void *h, uint32_t max, bool complete);
	/* Return n in-flight requests used, as one batch, in the order given
	 * by order[]: indexes into the in-flight list (oldest = 0) as it was
	 * before this call.  0 or negative. */
	int (*complete)(void *h, const uint32_t *order, uint32_t n);
	uint32_t (*inflight)(void *h);
	bool (*should_notify)(void *h);
	void (*disable_notify)(void *h);
	bool (*enable_notify)(void *h);
	void (*reset)(void *h);
	int (*error)(void *h);           /* 0 or negative: DEVICE_NEEDS_RESET */
	uint32_t (*get_base)(void *h);
	int (*set_base)(void *h, uint32_t base);
	void (*parse_notify)(unsigned layout, uint32_t data, struct virtq_notify *out);
};

struct pvc_target {
	const char *name;
	const char *peer;                /* "name version", for findings */
	unsigned layout;
	const struct pvc_drv_ops *drv;   /* NULL: no driver role */
	const struct pvc_dev_ops *dev;   /* NULL: no device role */
};

/* Targets register themselves (constructor) with the runner. */
void pvc_target_register(const struct pvc_target *t);
const struct pvc_target *pvc_target_find(const char *name);
void pvc_target_list(void (*fn)(const struct pvc_target *t));

#endif /* PVC_OPS_H */
