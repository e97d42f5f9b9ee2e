/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * reference.h - adapters that put the pvspec reference virtqueues (libpvref)
 * under test: the driver side (reference/guest) and the device side
 * (reference/host), for both layouts.
 */
#ifndef PVC_REFERENCE_H
#define PVC_REFERENCE_H

#include "ops.h"
#include "virtio_features.h"

extern const struct pvc_drv_ops pvc_reference_drv_ops;
extern const struct pvc_dev_ops pvc_reference_dev_ops;

/* The feature bits the reference code implements (both sides). */
#define PVC_REFERENCE_FEATURES						\
	(VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |	\
	 VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_RING_PACKED) |	\
	 VIRTIO_BIT(VIRTIO_F_IN_ORDER) | VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA) | \
	 VIRTIO_BIT(VIRTIO_F_RING_RESET))

#endif /* PVC_REFERENCE_H */
