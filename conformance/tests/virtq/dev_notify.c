// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev_notify.c - a device under test deciding about used buffer
 * notifications ("reached or passed", batches and chains that skip the
 * event slot, modes changed mid-stream) and writing its own event
 * suppression for available buffer notifications.
 */
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

/* Set the driver's event suppression to a mode; DESC at a point a few
 * used positions ahead of the driver's used position. */
static void set_mode(struct vq_env *e, uint32_t phase, uint32_t *rs)
{
	bool ei = vq_has(e, VIRTIO_F_EVENT_IDX);

	if (phase == 1) {
		vqc_devchk_set_intr(e->vc, VIRTQ_EVT_F_DISABLE, 0, false);
	} else if (phase >= 2 && ei) {
		if (P(e)) {
			uint32_t pos = e->vc->last_used + vq_rand(rs) % 6;
			bool wrap = e->vc->used_wrap;

			if (pos >= e->num) {
				pos -= e->num;
				wrap = !wrap;
			}
			vqc_devchk_set_intr(e->vc, VIRTQ_EVT_F_DESC, (uint16_t)pos, wrap);
		} else {
			vqc_devchk_set_intr(e->vc, VIRTQ_EVT_F_DESC,
					    (uint16_t)(e->vc->used_idx + vq_rand(rs) % 4), false);
		}
	} else {
		vqc_devchk_set_intr(e->vc, VIRTQ_EVT_F_ENABLE, 0, false);
	}
}

static void dev_intr_modes(struct pvc_ctx *ctx, uint64_t need)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, need);
	uint16_t got[8];
	uint32_t rs = 4242;

	for (uint32_t r = 0; r < 80 && !ctx->nfail; r++) {
		uint32_t n = 1 + vq_rand(&rs) % 3;

		if (r % 5 == 0)
			set_mode(e, (r / 5) % 4, &rs);
		for (uint32_t i = 0; i < n; i++)
			vq_dev_add(e, vq_rand(&rs) % 2, 1, 8, false);
		if (vq_dev_process(e, 8, true) != (int)n)
			pvc_error(ctx, "device did not take %u buffers", n);
		if (vq_dev_collect(e, got, 8) != n)
			pvc_fail(ctx, P(e) ? "VQP-DEV-004" : "VQS-DEV-005", "not every buffer came back");
		vq_dev_notify(e);
	}
}

PVC_TEST(packed_dev_notify_modes, "VQP-DEV-028 VQP-DEV-029 VQP-DEV-026", "needs:packed")
{
	dev_intr_modes(ctx, 0);
}

PVC_TEST(packed_dev_notify_desc, "VQP-DEV-028 VQP-DEV-029 VQP-DEV-031", "needs:packed needs:event_idx")
{
	dev_intr_modes(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
}

PVC_TEST(packed_dev_notify_desc_in_order, "VQP-DEV-028 VQP-DEV-029", "needs:packed needs:event_idx needs:in_order")
{
	/* batches: one used descriptor skips the slots of several buffers */
	dev_intr_modes(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_IN_ORDER));
}

PVC_TEST(split_dev_notify_flags, "VQS-DEV-015 VQS-DEV-016", "needs:split")
{
	dev_intr_modes(ctx, 0);
}

PVC_TEST(split_dev_notify_used_event, "VQS-DEV-017 VQS-DEV-018", "needs:split needs:event_idx")
{
	dev_intr_modes(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
}

PVC_TEST(split_dev_notify_used_event_in_order, "VQS-DEV-017 VQS-DEV-018 VQS-DEV-010", "needs:split needs:event_idx needs:in_order")
{
	dev_intr_modes(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_IN_ORDER));
}

/*
 * The device's own event suppression: valid values; re-enabling looks
 * at the ring once more; once enabled, the next buffer is announced.
 */
static void dev_enable_notify(struct pvc_ctx *ctx, uint64_t need, const char *recheck_id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, need);
	const struct pvc_dev_ops *o = e->tg->dev;
	uint16_t got[8];

	for (uint32_t r = 0; r < 12 && !ctx->nfail; r++) {
		bool armed;

		o->disable_notify(e->dev);
		vqc_devchk_check_dev_evt(e->vc);
		vq_dev_add(e, 1, 1, 8, false);
		PVC_CHECK(ctx, !o->enable_notify(e->dev), recheck_id,
			  "enable_notify reported an empty ring with a buffer available");
		vqc_devchk_check_dev_evt(e->vc);
		vq_dev_process(e, 8, true);
		vq_dev_collect(e, got, 8);
		armed = o->enable_notify(e->dev);
		PVC_CHECK(ctx, armed, recheck_id, "enable_notify reported work on an empty ring");
		vqc_devchk_check_dev_evt(e->vc);
		/* armed: the next buffer the driver adds must be announced */
		if (P(e)) {
			const struct virtq_packed_event *ev = e->r.device;
			uint16_t want = (uint16_t)(e->vc->next_avail |
						   (e->vc->avail_wrap ? 1u << VIRTQ_EVT_WRAP_SHIFT : 0));

			PVC_CHECK(ctx, ev->flags == VIRTQ_EVT_F_ENABLE ||
				  (ev->flags == VIRTQ_EVT_F_DESC && ev->off_wrap == want), recheck_id,
				  "notifications re-enabled, but flags %u off_wrap 0x%04x do not ask for slot 0x%04x",
				  ev->flags, ev->off_wrap, want);
		} else {
			volatile struct virtq_split_used *u = e->r.device;
			uint16_t ae = *virtq_split_avail_event(u, e->num);

			PVC_CHECK(ctx, vq_has(e, VIRTIO_F_EVENT_IDX) ? ae == e->vc->avail_idx
								    : !(u->flags & VIRTQ_USED_F_NO_NOTIFY),
				  recheck_id, "notifications re-enabled, but used flags %u / avail_event %u do not ask for idx %u",
				  u->flags, ae, e->vc->avail_idx);
		}
		vq_dev_notify(e);
	}
}

PVC_TEST(packed_dev_enable_notify, "VQP-DEV-030 VQP-DEV-024 VQP-DEV-025", "needs:packed")
{
	dev_enable_notify(ctx, 0, "VQP-DEV-030");
}

PVC_TEST(packed_dev_enable_notify_desc, "VQP-DEV-030 VQP-DEV-024 VQP-DEV-025", "needs:packed needs:event_idx")
{
	dev_enable_notify(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), "VQP-DEV-030");
}

PVC_TEST(split_dev_enable_notify, "VQS-DEV-012", "needs:split")
{
	dev_enable_notify(ctx, 0, "VQS-DEV-012");
}

PVC_TEST(split_dev_enable_notify_event_idx, "VQS-DEV-013", "needs:split needs:event_idx")
{
	dev_enable_notify(ctx, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), "VQS-DEV-013");
}
