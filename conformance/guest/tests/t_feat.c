// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_feat.c - device status and feature negotiation as a driver observes
 * them on QEMU's virtio-pci devices: the reset, the offer, acceptance of
 * valid subsets, a write that includes a bit the device did not offer,
 * and no ring processing before DRIVER_OK.
 */
#include "genv.h"
#include "lib/io.h"
#include "lib/libc.h"

/* One device-writable buffer on queue 0 (entropy, or a one-sector read for
 * virtio-blk, whose header comes first), kicked and waited for. */
struct probe_req {
	uint32_t hdr[4];
	uint8_t data[512];
	uint8_t status;
};

static bool probe_add(struct pvc_t *t, struct gvq *q, const struct virtio_pci_dev *d,
		      struct probe_req *r)
{
	struct virtq_sg sg[3];
	uint32_t out = 0, n = 0;
	int err;

	memset(r, 0, sizeof(*r));
	if (d->type == VIRTIO_ID_BLOCK) {
		sg[n++] = (struct virtq_sg){ gvq_dma(r->hdr), 16 };      /* IN, sector 0 */
		out = 1;
	}
	sg[n++] = (struct virtq_sg){ gvq_dma(r->data), d->type == VIRTIO_ID_RNG ? 64u : 512u };
	if (d->type == VIRTIO_ID_BLOCK)
		sg[n++] = (struct virtq_sg){ gvq_dma(&r->status), 1 };
	err = gvq_add(q, sg, out, n - out, r, false);
	return PVC_CHECK(t, err == 0, "add: %s", virtq_strerror(err));
}

static bool probe_io(struct pvc_t *t, struct gvq *q, const struct virtio_pci_dev *d, const char *when)
{
	struct probe_req *r = alloc_zeroed(sizeof(*r), 64);
	uint32_t len;

	if (d->type == VIRTIO_ID_NET) {
		pvc_skip(t, "needs virtio-rng or virtio-blk for a device-writable request");
		return false;
	}
	if (!probe_add(t, q, d, r))
		return false;
	gvq_kick(q);
	return PVC_CHECK(t, gvq_wait(q, &len, 2000) == r, "%s: request not used within 2 s (driver: %s)",
			 when, virtq_strerror(virtq_drv_error(&q->drv)));
}

/* Reset after use: status reads 0, queue 0 is disabled, and a second
 * initialisation from scratch works (the queue is back in its initial state). */
PVC_TEST(feat_reset_returns_initial_state, "FEAT-DEV-001 FEAT-DEV-005", "")
{
	struct virtio_pci_dev *d = genv_any_dev(t);
	struct gvq q;

	if (!d || !genv_start(t, d, 0, &q, 1) || !probe_io(t, &q, d, "before reset"))
		return;
	if (!PVC_CHECK(t, vpci_reset(d), "status still 0x%02x 2 s after writing 0", vpci_get_status(d)))
		return;
	vpci_common_write16(d, VPCI_Q_SELECT, 0);
	PVC_CHECK(t, vpci_common_read16(d, VPCI_Q_ENABLE) == 0, "queue_enable of queue 0 is %u after reset",
		  vpci_common_read16(d, VPCI_Q_ENABLE));
	pvc_diag("after reset: driver_feature reads 0x%llx", (unsigned long long)vpci_read_drv_features(d));
	/* fresh rings: the device must start from slot 0 / index 0 again */
	if (!genv_start(t, d, 0, &q, 1))
		return;
	probe_io(t, &q, d, "after reset");
}

/* Every present device offers VERSION_1, no reserved bit (42..49), and no
 * SR_IOV (the pc machine's conventional PCI has no SR-IOV capability). */
PVC_TEST(feat_offer_wellformed, "FEAT-DEV-011 FEAT-DEV-012 FEAT-DEV-019", "")
{
	struct virtio_pci_dev *devs[3] = { &genv.blk, &genv.net, &genv.rng };
	bool have[3] = { genv.have_blk, genv.have_net, genv.have_rng };
	static const char *const names[3] = { "virtio-blk", "virtio-net", "virtio-rng" };
	unsigned n = 0;

	for (unsigned i = 0; i < 3; i++) {
		uint64_t f;

		if (!have[i])
			continue;
		n++;
		if (!PVC_CHECK(t, vpci_reset(devs[i]), "%s: reset did not complete", names[i]))
			continue;
		f = vpci_read_dev_features(devs[i]);
		pvc_diag("%s offers 0x%016llx", names[i], (unsigned long long)f);
		PVC_CHECK(t, virtio_has_feature(f, VIRTIO_F_VERSION_1), "%s: VERSION_1 not offered", names[i]);
		PVC_CHECK(t, (f & 0x0003fc0000000000ull) == 0, "%s: reserved bits 42..49 offered: 0x%llx",
			  names[i], (unsigned long long)(f & 0x0003fc0000000000ull));
		PVC_CHECK(t, !virtio_has_feature(f, VIRTIO_F_SR_IOV), "%s: SR_IOV offered without SR-IOV",
			  names[i]);
	}
	if (!n)
		pvc_skip(t, "no virtio device in this configuration");
}

/* Write set, then FEATURES_OK; does the bit stay set? */
static bool try_set(const struct virtio_pci_dev *d, uint64_t set)
{
	if (!vpci_reset(d))
		return false;
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	(void)vpci_read_dev_features(d);
	vpci_write_drv_features(d, set);
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	return (vpci_get_status(d) & VIRTIO_STATUS_FEATURES_OK) != 0;
}

/* Valid subsets (VERSION_1 alone, the ring features, the whole offer) keep
 * FEATURES_OK, again after a reset. */
PVC_TEST(feat_valid_subsets_accepted, "FEAT-DEV-007 FEAT-DEV-009", "")
{
	struct virtio_pci_dev *d = genv_any_dev(t);
	uint64_t offer, sets[3];

	if (!d)
		return;
	if (!PVC_CHECK(t, vpci_reset(d), "reset did not complete"))
		return;
	offer = vpci_read_dev_features(d);
	sets[0] = VIRTIO_BIT(VIRTIO_F_VERSION_1) & offer;
	sets[1] = genv_ring_features() & offer;
	sets[2] = offer;
	for (unsigned i = 0; i < 3; i++) {
		bool first = try_set(d, sets[i]), again = try_set(d, sets[i]);

		if (!PVC_CHECK(t, first, "subset 0x%llx of offer 0x%llx refused",
			       (unsigned long long)sets[i], (unsigned long long)offer))
			pvc_finding("FEAT-DEV-007", "refused the valid subset 0x%llx", (unsigned long long)sets[i]);
		else if (!PVC_CHECK(t, again, "subset 0x%llx accepted, then refused after a reset",
				    (unsigned long long)sets[i]))
			pvc_finding("FEAT-DEV-009", "refused 0x%llx after a reset", (unsigned long long)sets[i]);
	}
	vpci_reset(d);
}

/*
 * The driver writes the ring features plus one bit the device did not
 * offer (RING_PACKED on a split-only device, else IN_ORDER, else
 * NOTIFICATION_DATA, else reserved bit 45), then FEATURES_OK.  The device
 * either leaves FEATURES_OK clear, or keeps it and then must operate
 * without that bit: a split ring, used in order of completion, plain
 * notifications.  I/O on the rings of the offered subset must work.
 */
PVC_TEST(feat_unoffered_bit, "FEAT-DEV-008 FEAT-DEV-010", "")
{
	static const unsigned cand[] = { VIRTIO_F_RING_PACKED, VIRTIO_F_IN_ORDER,
					 VIRTIO_F_NOTIFICATION_DATA, 45 };
	struct virtio_pci_dev *d = genv_any_dev(t);
	struct gvq q;
	uint64_t offer, base;
	unsigned bit = 64;
	uint8_t st;

	if (!d)
		return;
	if (!PVC_CHECK(t, vpci_reset(d), "reset did not complete"))
		return;
	offer = vpci_read_dev_features(d);
	for (unsigned i = 0; i < sizeof(cand) / sizeof(cand[0]) && bit == 64; i++)
		if (!virtio_has_feature(offer, cand[i]))
			bit = cand[i];
	if (bit == 64) {
		pvc_skip(t, "the device offers every candidate bit");
		return;
	}
	base = offer & (VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
			VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
			(bit == VIRTIO_F_RING_PACKED ? 0 : (genv_ring_features() &
							    VIRTIO_BIT(VIRTIO_F_RING_PACKED))));
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vpci_write_drv_features(d, base | VIRTIO_BIT(bit));
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	st = vpci_get_status(d);
	pvc_diag("wrote 0x%llx (offer 0x%llx + %s): status 0x%02x, driver_feature reads 0x%llx",
		 (unsigned long long)(base | VIRTIO_BIT(bit)), (unsigned long long)offer,
		 genv_feature_name(bit), st, (unsigned long long)vpci_read_drv_features(d));
	if (!(st & VIRTIO_STATUS_FEATURES_OK)) {
		PVC_CHECK(t, true, "device refused the set");
		vpci_set_status(d, VIRTIO_STATUS_FAILED);
		vpci_reset(d);
		return;
	}
	pvc_diag("device kept FEATURES_OK: checking it operates without %s", genv_feature_name(bit));
	d->features = base;
	if (!genv_start_queues(t, d, &q, 1))
		return;
	probe_io(t, &q, d, "with the offered subset's rings");
	vpci_reset(d);
}

/* Buffers made available before DRIVER_OK are not used until it is set. */
PVC_TEST(feat_no_use_before_driver_ok, "FEAT-DEV-002", "")
{
	struct virtio_pci_dev *d = genv_any_dev(t);
	struct probe_req *r = alloc_zeroed(sizeof(*r), 64);
	struct gvq q;
	uint64_t until;
	uint32_t len;
	int n;

	if (!d)
		return;
	if (d->type == VIRTIO_ID_NET) {
		pvc_skip(t, "needs virtio-rng or virtio-blk for a device-writable request");
		return;
	}
	n = vpci_negotiate(d, genv_ring_features());
	if (!PVC_CHECK(t, n == 0, "negotiation failed (%d)", n))
		return;
	if (!PVC_CHECK(t, gvq_setup(&q, d, 0, genv.qsize, 0) == 0, "queue set-up failed"))
		return;
	if (!probe_add(t, &q, d, r))
		return;
	/* no doorbell before DRIVER_OK (FEAT-DRV-012): the device may only poll */
	until = timer_deadline_ms(100);
	while (!timer_expired(until))
		cpu_relax();
	PVC_CHECK(t, !virtq_drv_more_used(&q.drv), "buffer used before DRIVER_OK");
	vpci_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			   VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
	gvq_kick(&q);
	PVC_CHECK(t, gvq_wait(&q, &len, 2000) == r, "buffer not used within 2 s after DRIVER_OK");
	vpci_reset(d);
}
