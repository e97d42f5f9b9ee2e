/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * genv.h - what one boot of the test guest runs against: the ring
 * configuration chosen on the kernel command line (layout=packed|split
 * indirect=0|1 event_idx=0|1) and the virtio devices QEMU provides, plus
 * the start-up helper every device test uses.
 */
#ifndef GUEST_GENV_H
#define GUEST_GENV_H

#include <stdint.h>
#include <stdbool.h>
#include "virtio_pci.h"
#include "vq.h"
#include "pvc_guest.h"
#include "virtio_features.h"

struct guest_env {
	bool packed, indirect, event_idx;
	uint32_t qsize;                  /* queue size the driver asks for */
	bool have_blk, have_net, have_rng;
	struct virtio_pci_dev blk, net, rng;
	uint64_t disk_sectors;           /* of the runner's pattern image */
};

extern struct guest_env genv;

/* Descriptors per indirect table, and the most data segments a test puts
 * into one request (plus header and status). */
#define GUEST_MAX_INDIRECT 16u
#define GUEST_MAX_SEGS     (GUEST_MAX_INDIRECT - 2u)

/* Feature bits the configuration asks for: VERSION_1, the layout, and
 * INDIRECT_DESC / EVENT_IDX as selected. */
uint64_t genv_ring_features(void);

/*
 * Negotiate genv_ring_features() | extra with d, set up nq queues of
 * genv.qsize and set DRIVER_OK.  Marks t SKIP when the device lacks a ring
 * feature the configuration needs (e.g. RING_PACKED with packed=off) and
 * ERROR/FAIL on transport problems; returns false then.
 */
bool genv_start(struct pvc_t *t, struct virtio_pci_dev *d, uint64_t extra,
		struct gvq *qs, unsigned nq);

/* After FEATURES_OK (d->features set): set up nq queues, set DRIVER_OK. */
bool genv_start_queues(struct pvc_t *t, struct virtio_pci_dev *d, struct gvq *qs, unsigned nq);

/* The first device present among rng, blk, net (the simplest first);
 * SKIP and NULL when there is none. */
struct virtio_pci_dev *genv_any_dev(struct pvc_t *t);

/* True when the configuration uses the packed (packed = true) or split
 * layout; otherwise marks t SKIP: the test is the other layout's twin. */
bool genv_layout(struct pvc_t *t, bool packed);

/* Name of a device-independent feature bit, for diagnostics. */
const char *genv_feature_name(unsigned bit);

#endif /* GUEST_GENV_H */
