/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio_pci.h - the virtio 1.x PCI transport ("modern" interface) as the
 * test guest uses it: capability discovery, the device status sequence,
 * feature negotiation, queue programming, notifications and the ISR.
 */
#ifndef GUEST_VIRTIO_PCI_H
#define GUEST_VIRTIO_PCI_H

#include <stdint.h>
#include <stdbool.h>
#include "pci.h"

#define VIRTIO_PCI_VENDOR       0x1af4

/* virtio device types */
#define VIRTIO_ID_NET           1
#define VIRTIO_ID_BLOCK         2
#define VIRTIO_ID_RNG           4

/* virtio PCI capability cfg_type values */
#define VIRTIO_PCI_CAP_COMMON_CFG  1
#define VIRTIO_PCI_CAP_NOTIFY_CFG  2
#define VIRTIO_PCI_CAP_ISR_CFG     3
#define VIRTIO_PCI_CAP_DEVICE_CFG  4
#define VIRTIO_PCI_CAP_PCI_CFG     5

/* Offsets in the common configuration structure */
#define VPCI_DFSELECT      0x00   /* le32 device_feature_select */
#define VPCI_DF            0x04   /* le32 device_feature */
#define VPCI_GFSELECT      0x08   /* le32 driver_feature_select */
#define VPCI_GF            0x0c   /* le32 driver_feature */
#define VPCI_MSIX          0x10   /* le16 config_msix_vector */
#define VPCI_NUMQ          0x12   /* le16 num_queues */
#define VPCI_STATUS        0x14   /* u8 device_status */
#define VPCI_CFGGEN        0x15   /* u8 config_generation */
#define VPCI_Q_SELECT      0x16   /* le16 */
#define VPCI_Q_SIZE        0x18   /* le16 */
#define VPCI_Q_MSIX        0x1a   /* le16 */
#define VPCI_Q_ENABLE      0x1c   /* le16 */
#define VPCI_Q_NOFF        0x1e   /* le16 queue_notify_off */
#define VPCI_Q_DESCLO      0x20   /* le64 queue_desc */
#define VPCI_Q_AVAILLO     0x28   /* le64 queue_driver */
#define VPCI_Q_USEDLO      0x30   /* le64 queue_device */
#define VPCI_Q_NDATA       0x38   /* le16 queue_notify_data */
#define VPCI_Q_RESET       0x3a   /* le16 queue_reset (VIRTIO_F_RING_RESET) */
#define VPCI_COMMON_LEN_RESET 0x3c

#define VIRTIO_MSI_NO_VECTOR 0xffff

/* ISR status bits */
#define VIRTIO_ISR_QUEUE    0x1
#define VIRTIO_ISR_CONFIG   0x2

struct virtio_pci_dev {
	struct pci_addr pci;
	uint16_t pci_device_id;
	uint16_t type;              /* VIRTIO_ID_* */
	uintptr_t common, notify, isr, devcfg;
	uint32_t common_len, notify_len, devcfg_len;
	uint32_t notify_mult;       /* notify_off_multiplier */
	uint64_t dev_features;      /* offered by the device */
	uint64_t features;          /* negotiated */
};

/* Find the idx-th (0-based) virtio device of the given type; fill *d. */
bool vpci_find(uint16_t type, unsigned idx, struct virtio_pci_dev *d);

uint8_t vpci_get_status(const struct virtio_pci_dev *d);
void vpci_set_status(const struct virtio_pci_dev *d, uint8_t s);
/* Write 0 and wait until the device reads back 0 (FEAT reset rule). */
bool vpci_reset(const struct virtio_pci_dev *d);

uint64_t vpci_read_dev_features(const struct virtio_pci_dev *d);
void vpci_write_drv_features(const struct virtio_pci_dev *d, uint64_t f);
uint64_t vpci_read_drv_features(const struct virtio_pci_dev *d);

/*
 * Reset, ACKNOWLEDGE, DRIVER, read the offer, write want & offer, set
 * FEATURES_OK and re-read it.  Returns 0, -1 if FEATURES_OK did not stick
 * (status left as read, FAILED not yet set), -2 on a reset timeout.
 */
int vpci_negotiate(struct virtio_pci_dev *d, uint64_t want);

uint16_t vpci_num_queues(const struct virtio_pci_dev *d);
/* Select queue q; returns its maximum size (0: not available). */
uint16_t vpci_queue_max(const struct virtio_pci_dev *d, uint16_t q);
/* Program size and the three area addresses of queue q, then enable it.
 * Returns the doorbell address for q. */
uintptr_t vpci_queue_setup(const struct virtio_pci_dev *d, uint16_t q, uint16_t size,
			   uint64_t desc, uint64_t driver, uint64_t device);

/* Doorbell: a le16 queue index, or with VIRTIO_F_NOTIFICATION_DATA the le32 value. */
void vpci_notify(const struct virtio_pci_dev *d, uintptr_t doorbell, uint16_t q, uint32_t data);

/* Read (and so clear) the ISR status byte. */
uint8_t vpci_isr(const struct virtio_pci_dev *d);

uint8_t vpci_cfg8(const struct virtio_pci_dev *d, uint32_t off);
uint16_t vpci_cfg16(const struct virtio_pci_dev *d, uint32_t off);
uint32_t vpci_cfg32(const struct virtio_pci_dev *d, uint32_t off);
uint64_t vpci_cfg64(const struct virtio_pci_dev *d, uint32_t off);

uint16_t vpci_common_read16(const struct virtio_pci_dev *d, uint32_t off);
void vpci_common_write16(const struct virtio_pci_dev *d, uint32_t off, uint16_t v);

#endif /* GUEST_VIRTIO_PCI_H */
