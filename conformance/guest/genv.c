// SPDX-License-Identifier: GPL-2.0-only
/* genv.c - the run configuration and device start-up (FEAT status sequence). */
#include "genv.h"
#include "lib/libc.h"
#include "virtio_features.h"

struct guest_env genv;




uint64_t genv_ring_features(void)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_F_VERSION_1);

	if (genv.packed)
		f |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	if (genv.indirect)
		f |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	if (genv.event_idx)
		f |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	return f;
}

const char *genv_feature_name(unsigned bit)
{
	switch (bit) {
	case VIRTIO_F_INDIRECT_DESC: return "INDIRECT_DESC";
	case VIRTIO_F_EVENT_IDX: return "EVENT_IDX";
	case VIRTIO_F_VERSION_1: return "VERSION_1";
	case VIRTIO_F_ACCESS_PLATFORM: return "ACCESS_PLATFORM";
	case VIRTIO_F_RING_PACKED: return "RING_PACKED";
	case VIRTIO_F_IN_ORDER: return "IN_ORDER";
	case VIRTIO_F_ORDER_PLATFORM: return "ORDER_PLATFORM";
	case VIRTIO_F_SR_IOV: return "SR_IOV";
	case VIRTIO_F_NOTIFICATION_DATA: return "NOTIFICATION_DATA";
	case VIRTIO_F_NOTIF_CONFIG_DATA: return "NOTIF_CONFIG_DATA";
	case VIRTIO_F_RING_RESET: return "RING_RESET";
	case VIRTIO_F_ADMIN_VQ: return "ADMIN_VQ";
	default: return "?";
	}
}

bool genv_start(struct pvc_t *t, struct virtio_pci_dev *d, uint64_t extra,
		struct gvq *qs, unsigned nq)
{
	uint64_t want = genv_ring_features() | extra;
	uint64_t ring = genv_ring_features();
	int r = vpci_negotiate(d, want);

	if (r == -2) {
		pvc_error(t, "device reset did not complete (status stays non-zero)");
		return false;
	}
	/* A ring feature this configuration needs and the device does not offer. */
	for (unsigned b = 0; b < 64; b++) {
		if ((ring >> b) & 1u && !virtio_has_feature(d->dev_features, b)) {
			pvc_skip(t, "%s not offered by the device", genv_feature_name(b));
			vpci_set_status(d, VIRTIO_STATUS_FAILED);
			return false;
		}
	}
	if (r == -1) {
		pvc_fail(t, "device cleared FEATURES_OK for the offered subset 0x%llx",
			 (unsigned long long)d->features);
		vpci_set_status(d, VIRTIO_STATUS_FAILED);
		return false;
	}
	return genv_start_queues(t, d, qs, nq);
}

bool genv_start_queues(struct pvc_t *t, struct virtio_pci_dev *d, struct gvq *qs, unsigned nq)
{
	if (vpci_num_queues(d) < nq) {
		pvc_error(t, "device has %u queues, test needs %u", vpci_num_queues(d), nq);
		return false;
	}
	for (unsigned i = 0; i < nq; i++) {
		int err = gvq_setup(&qs[i], d, (uint16_t)i, genv.qsize, GUEST_MAX_INDIRECT);

		if (err) {
			pvc_error(t, "queue %u set-up: %s", i, virtq_strerror(err));
			return false;
		}
	}
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			   VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	return true;
}

bool genv_layout(struct pvc_t *t, bool packed)
{
	if (genv.packed == packed)
		return true;
	pvc_skip(t, "%s layout in this configuration", genv.packed ? "packed" : "split");
	return false;
}

struct virtio_pci_dev *genv_any_dev(struct pvc_t *t)
{
	if (genv.have_rng)
		return &genv.rng;
	if (genv.have_blk)
		return &genv.blk;
	if (genv.have_net)
		return &genv.net;
	pvc_skip(t, "no virtio device in this configuration");
	return NULL;
}
