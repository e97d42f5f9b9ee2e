/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtio_features.h - device status bits and the device-independent
 * ("reserved", bits 28..41) feature bits.  Spec: chapter "Feature bits and
 * negotiation" (FEAT-*).
 */
#ifndef VIRTIO_FEATURES_H
#define VIRTIO_FEATURES_H

#include <stdint.h>

/* Device status field (FEAT-*) */
#define VIRTIO_STATUS_ACKNOWLEDGE   0x01u
#define VIRTIO_STATUS_DRIVER        0x02u
#define VIRTIO_STATUS_DRIVER_OK     0x04u
#define VIRTIO_STATUS_FEATURES_OK   0x08u
#define VIRTIO_STATUS_NEEDS_RESET   0x40u
#define VIRTIO_STATUS_FAILED        0x80u

/* Reserved feature bits: ring and transport (bit numbers) */
#define VIRTIO_F_INDIRECT_DESC      28
#define VIRTIO_F_EVENT_IDX          29
#define VIRTIO_F_VERSION_1          32
#define VIRTIO_F_ACCESS_PLATFORM    33
#define VIRTIO_F_RING_PACKED        34
#define VIRTIO_F_IN_ORDER           35
#define VIRTIO_F_ORDER_PLATFORM     36
#define VIRTIO_F_SR_IOV             37
#define VIRTIO_F_NOTIFICATION_DATA  38
#define VIRTIO_F_NOTIF_CONFIG_DATA  39
#define VIRTIO_F_RING_RESET         40
#define VIRTIO_F_ADMIN_VQ           41

#define VIRTIO_BIT(b) ((uint64_t)1 << (b))

static inline int virtio_has_feature(uint64_t features, unsigned bit)
{
	return (features >> bit) & 1u;
}

#endif /* VIRTIO_FEATURES_H */
