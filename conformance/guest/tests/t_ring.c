// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_ring.c - device behaviour a driver observes on the rings: used buffer
 * notifications under the driver's suppression settings (seen in the ISR
 * status, MSI-X being off), the values the device writes into its own
 * suppression fields, notifications that announce nothing new, per-queue
 * reset (VIRTIO_F_RING_RESET), notification data and in-order use.
 */
#include "blk.h"
#include "lib/io.h"
#include "lib/libc.h"

#define RNG_LEN 16u

/* Let the device finish the notification decision that follows the used
 * write we just saw (QEMU writes the used entry, then decides). */
static void settle(void)
{
	uint64_t until = timer_deadline_ms(20);

	while (!timer_expired(until))
		cpu_relax();
}

static bool rng_start(struct pvc_t *t, struct gvq *q, uint64_t extra)
{
	if (!genv.have_rng) {
		pvc_skip(t, "no virtio-rng-pci device in this configuration");
		return false;
	}
	return genv_start(t, &genv.rng, extra, q, 1);
}

/* One entropy request: add, kick, wait for the used element. */
static bool rng_one(struct pvc_t *t, struct gvq *q, uint8_t *buf)
{
	struct virtq_sg sg = { gvq_dma(buf), RNG_LEN };
	uint32_t len;
	int err = gvq_add(q, &sg, 0, 1, buf, false);

	if (!PVC_CHECK(t, err == 0, "add: %s", virtq_strerror(err)))
		return false;
	gvq_kick(q);
	return PVC_CHECK(t, gvq_wait(q, &len, 2000) == buf, "request not used within 2 s (driver: %s)",
			 virtq_strerror(virtq_drv_error(&q->drv)));
}

/*
 * Would the device have to notify for the next single-slot completion, by
 * the driver's suppression settings now in memory?  1: must, 0: should
 * not, -1: cannot tell (packed DESC naming another slot).
 */
static int notify_expected(const struct gvq *q)
{
	if (q->drv.layout == VIRTQ_LAYOUT_PACKED) {
		const volatile struct virtq_packed_event *e = q->cfg.driver.va;
		uint16_t mode = e->flags & VIRTQ_EVT_F_MASK;
		uint16_t here = (uint16_t)(q->drv.u.packed.last_used |
					   (q->drv.u.packed.used_wrap ? 1u << VIRTQ_EVT_WRAP_SHIFT : 0));

		if (mode == VIRTQ_EVT_F_ENABLE)
			return 1;
		if (mode == VIRTQ_EVT_F_DISABLE)
			return 0;
		return mode == VIRTQ_EVT_F_DESC && e->off_wrap == here ? 1 : -1;
	} else {
		volatile struct virtq_split_avail *a = q->cfg.driver.va;
		const volatile struct virtq_split_used *u = q->cfg.device.va;
		uint16_t old = u->idx;

		if (!q->drv.f_event_idx)
			return (a->flags & VIRTQ_AVAIL_F_NO_INTERRUPT) ? 0 : 1;
		return virtq_split_need_event(*virtq_split_used_event(a, q->num),
					      (uint16_t)(old + 1), old);
	}
}

/*
 * Alternate enable_cb / disable_cb over single requests and compare the
 * ISR's queue bit with what the suppression settings required.
 */
static void suppression(struct pvc_t *t, const char *must_id, const char *should_id)
{
	struct gvq q;
	uint8_t *buf = alloc_zeroed(RNG_LEN, 64);
	unsigned must_missed = 0, should_extra = 0, judged = 0, want_on = 0, want_off = 0;

	if (!rng_start(t, &q, 0) || !rng_one(t, &q, buf))     /* warm-up, not judged */
		return;
	for (unsigned i = 0; i < 12; i++) {
		int want;
		bool got;

		if (i % 3 == 2)
			virtq_drv_disable_cb(&q.drv);
		else if (!virtq_drv_enable_cb(&q.drv))
			continue;
		settle();
		(void)vpci_isr(&genv.rng);             /* read to clear */
		want = notify_expected(&q);
		if (!rng_one(t, &q, buf))
			return;
		settle();
		got = vpci_isr(&genv.rng) & VIRTIO_ISR_QUEUE;
		if (want < 0)
			continue;
		judged++;
		if (want)
			want_on++;
		else
			want_off++;
		if (want && !got) {
			must_missed++;
			pvc_diag("request %u: no used buffer notification although required", i);
		} else if (!want && got) {
			should_extra++;
			pvc_diag("request %u: notification although suppressed", i);
		}
	}
	pvc_diag("%u completions judged (%u with notification required, %u suppressed): "
		 "%u required notifications missing, %u sent while suppressed",
		 judged, want_on, want_off, must_missed, should_extra);
	PVC_CHECK(t, want_on >= 2 && want_off >= 2,
		  "settings exercised too little: %u required, %u suppressed", want_on, want_off);
	PVC_CHECK(t, must_missed == 0, "%u required notifications missing (%s)", must_missed, must_id);
	if (should_extra)
		pvc_finding(should_id, "%u used buffer notifications sent while the driver suppressed them",
			    should_extra);
	PVC_CHECK(t, should_extra == 0, "%u notifications while suppressed (%s)", should_extra, should_id);
}

PVC_TEST(notify_suppression_packed, "VQP-DEV-028 VQP-DEV-029", "needs:virtio-rng")
{
	if (genv_layout(t, true))
		suppression(t, "VQP-DEV-028", "VQP-DEV-029");
}

PVC_TEST(notify_suppression_split, "VQS-DEV-015 VQS-DEV-016", "needs:virtio-rng")
{
	if (!genv_layout(t, false))
		return;
	if (genv.event_idx) {
		pvc_skip(t, "EVENT_IDX negotiated in this configuration");
		return;
	}
	suppression(t, "VQS-DEV-015", "VQS-DEV-016");
}

PVC_TEST(notify_suppression_split_event_idx, "VQS-DEV-017 VQS-DEV-018", "needs:virtio-rng needs:event-idx")
{
	if (!genv_layout(t, false))
		return;
	if (!genv.event_idx) {
		pvc_skip(t, "EVENT_IDX not negotiated in this configuration");
		return;
	}
	suppression(t, "VQS-DEV-017", "VQS-DEV-018");
}

/* The device's own suppression fields, sampled around 24 requests with the
 * driver's settings changing; the driver's structure must stay as written. */
static void device_fields(struct pvc_t *t)
{
	struct gvq q;
	uint8_t *buf = alloc_zeroed(RNG_LEN, 64);
	unsigned bad = 0;

	if (!rng_start(t, &q, 0))
		return;
	for (unsigned i = 0; i < 24; i++) {
		if (i & 1)
			virtq_drv_disable_cb(&q.drv);
		else
			(void)virtq_drv_enable_cb(&q.drv);
		if (!rng_one(t, &q, buf))
			return;
		if (q.drv.layout == VIRTQ_LAYOUT_PACKED) {
			const volatile struct virtq_packed_event *dev = q.cfg.device.va;
			const volatile struct virtq_packed_event *drv = q.cfg.driver.va;
			uint16_t f = dev->flags;

			if ((f & VIRTQ_EVT_F_MASK) == 3 || (f & ~VIRTQ_EVT_F_MASK) ||
			    (f == VIRTQ_EVT_F_DESC && !genv.event_idx)) {
				bad++;
				pvc_diag("request %u: device event flags 0x%04x", i, f);
			}
			if (drv->flags != q.drv.u.packed.evt_flags ||
			    (drv->flags == VIRTQ_EVT_F_DESC && drv->off_wrap != q.drv.u.packed.evt_off_wrap)) {
				bad++;
				pvc_diag("request %u: driver event structure changed to 0x%04x/0x%04x", i,
					 drv->flags, drv->off_wrap);
			}
		} else {
			const volatile struct virtq_split_used *u = q.cfg.device.va;
			uint16_t f = u->flags;

			if (f > (genv.event_idx ? 0u : VIRTQ_USED_F_NO_NOTIFY)) {
				bad++;
				pvc_diag("request %u: used flags 0x%04x", i, f);
			}
		}
	}
	PVC_CHECK(t, bad == 0, "%u bad values in the suppression fields", bad);
}

PVC_TEST(suppression_fields_packed, "VQP-DEV-024 VQP-DEV-025 VQP-DEV-026", "needs:virtio-rng")
{
	if (genv_layout(t, true))
		device_fields(t);
}

PVC_TEST(suppression_fields_split, "VQS-DEV-012 VQS-DEV-013", "needs:virtio-rng")
{
	if (genv_layout(t, false))
		device_fields(t);
}

/* Doorbells that announce nothing, and repeated doorbells: no error, the
 * queue keeps working and the device does not ask for a reset. */
static void spurious(struct pvc_t *t)
{
	struct gvq q;
	uint8_t *buf = alloc_zeroed(RNG_LEN, 64);

	if (!rng_start(t, &q, 0))
		return;
	for (unsigned i = 0; i < 4; i++)
		vpci_notify(&genv.rng, q.doorbell, q.index, virtq_drv_notify_data(&q.drv));
	for (unsigned i = 0; i < 3; i++) {
		if (!rng_one(t, &q, buf))
			return;
		vpci_notify(&genv.rng, q.doorbell, q.index, virtq_drv_notify_data(&q.drv));
		vpci_notify(&genv.rng, q.doorbell, q.index, virtq_drv_notify_data(&q.drv));
	}
	PVC_CHECK(t, !(vpci_get_status(&genv.rng) & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED)),
		  "device status 0x%02x after empty notifications", vpci_get_status(&genv.rng));
}

PVC_TEST(empty_notifications_packed, "VQP-DEV-033", "needs:virtio-rng")
{
	if (genv_layout(t, true))
		spurious(t);
}

PVC_TEST(empty_notifications_split, "VQS-DEV-019", "needs:virtio-rng")
{
	if (genv_layout(t, false))
		spurious(t);
}

/* With VIRTIO_F_NOTIFICATION_DATA every doorbell carries the avail state. */
PVC_TEST(notification_data_packed, "VQP-DEV-032", "needs:virtio-blk needs:notification-data")
{
	struct gvq q;
	uint8_t *buf = alloc_zeroed(4 * BLK_SECTOR, 4096);

	if (!genv_layout(t, true))
		return;
	if (!blk_start(t, &q, VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA)))
		return;
	if (!virtio_has_feature(genv.blk.features, VIRTIO_F_NOTIFICATION_DATA)) {
		pvc_skip(t, "VIRTIO_F_NOTIFICATION_DATA not offered by the device");
		vpci_reset(&genv.blk);
		return;
	}
	for (unsigned i = 0; i < 3 * q.num; i++)
		if (!blk_do(t, &q, VIRTIO_BLK_T_IN, i % 64, buf, 4 * BLK_SECTOR, 2, false))
			return;
}

/* With VIRTIO_F_IN_ORDER, buffers come back in the order made available. */
PVC_TEST(in_order_use, "FEAT-DEV-016", "needs:virtio-blk needs:in-order")
{
	struct gvq q;
	struct blk_req reqs[8];
	uint8_t *buf = alloc_zeroed(8 * BLK_SECTOR, 4096);
	unsigned got = 0;

	if (!blk_start(t, &q, VIRTIO_BIT(VIRTIO_F_IN_ORDER)))
		return;
	if (!virtio_has_feature(genv.blk.features, VIRTIO_F_IN_ORDER)) {
		pvc_skip(t, "VIRTIO_F_IN_ORDER not offered by the device");
		vpci_reset(&genv.blk);
		return;
	}
	for (unsigned i = 0; i < 8; i++)
		if (!PVC_CHECK(t, blk_queue(&q, &reqs[i], VIRTIO_BLK_T_IN, i, buf + i * BLK_SECTOR,
					    BLK_SECTOR, 1) == 0, "add %u failed", i))
			return;
	gvq_kick(&q);
	for (uint32_t len; got < 8; got++) {
		void *tok = gvq_wait(&q, &len, 2000);

		if (!PVC_CHECK(t, tok == &reqs[got], "buffer %u: used %p, expected %p", got, tok,
			       (void *)&reqs[got]))
			return;
	}
}
