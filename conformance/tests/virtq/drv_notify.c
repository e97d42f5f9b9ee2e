// SPDX-License-Identifier: GPL-2.0-only
/*
 * drv_notify.c - a driver under test deciding about available buffer
 * notifications (device event suppression in every mode, changed
 * mid-stream), the notification data it sends, and the driver event
 * suppression it writes for used buffer notifications.
 */
#include <string.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

/* Add n buffers of 1..3 descriptors, let the checker see them, judge the
 * kick decision, complete and drain them. */
static void burst(struct vq_env *e, uint32_t n, uint32_t *rs, uintptr_t *tok)
{
	struct vqc_avail_buf b[8];
	uint32_t got;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t segs = 1 + vq_rand(rs) % 3;

		if (vq_drv_add(e, segs - 1, 1, 8, *tok + i, 0))
			pvc_error(e->ctx, "add failed");
	}
	got = vq_drv_poll_all(e, b, 8);
	if (got != n)
		pvc_error(e->ctx, "device sees %u of %u buffers", got, n);
	vq_drv_kick(e);
	for (uint32_t i = 0; i < n; i++) {
		vqc_drvchk_use(e->dc, b[i].id, 8);
		vq_drv_expect(e, *tok + i, 8);
	}
	*tok += n;
}

static void drv_kick_modes(struct pvc_ctx *ctx, bool event_idx)
{
	struct vq_env *e = vq_env_drv(ctx, 8, VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA),
				      event_idx ? VIRTIO_BIT(VIRTIO_F_EVENT_IDX) : 0);
	uint32_t rs = 77;
	uintptr_t tok = 1;

	for (uint32_t r = 0; r < 60 && !ctx->nfail; r++) {
		uint32_t phase = (r / 6) % 4;

		if (r % 6 == 0) {
			/* change the mode mid-stream */
			if (phase == 0 || !event_idx) {
				vqc_drvchk_set_event(e->dc, phase == 1 ? VIRTQ_EVT_F_DISABLE
								       : VIRTQ_EVT_F_ENABLE, 0, false);
			} else if (phase == 1) {
				vqc_drvchk_set_event(e->dc, VIRTQ_EVT_F_DISABLE, 0, false);
			} else {
				/* DESC / avail_event a little ahead, so that some
				 * bursts reach it and chains skip over it */
				uint16_t off;
				bool wrap;

				if (P(e)) {
					uint32_t pos = e->dc->last_avail + 1 + vq_rand(&rs) % 5;
					wrap = e->dc->avail_wrap;
					if (pos >= e->num) {
						pos -= e->num;
						wrap = !wrap;
					}
					off = (uint16_t)pos;
				} else {
					off = (uint16_t)(e->dc->avail_idx + vq_rand(&rs) % 4);
					wrap = false;
				}
				vqc_drvchk_set_event(e->dc, VIRTQ_EVT_F_DESC, off, wrap);
			}
		}
		burst(e, 1 + vq_rand(&rs) % 3, &rs, &tok);
	}
}

PVC_TEST(packed_drv_kick_modes, "VQP-DRV-038 VQP-DRV-039 VQP-DRV-041 VQP-DRV-042", "needs:packed")
{
	drv_kick_modes(ctx, false);
}

PVC_TEST(packed_drv_kick_desc_event, "VQP-DRV-038 VQP-DRV-039 VQP-DRV-036", "needs:packed needs:event_idx")
{
	drv_kick_modes(ctx, true);
}

PVC_TEST(split_drv_kick_flags, "VQS-DRV-024 VQS-DRV-025 VQS-DRV-029", "needs:split")
{
	drv_kick_modes(ctx, false);
}

PVC_TEST(split_drv_kick_avail_event, "VQS-DRV-026 VQS-DRV-027", "needs:split needs:event_idx")
{
	drv_kick_modes(ctx, true);
}

/* Notification data across several laps of the ring. */
static void drv_notif_data(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_drv(ctx, ctx->target->layout == VIRTQ_LAYOUT_PACKED ? 7 : 8, 0,
				      VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA));
	uint32_t rs = 5;
	uintptr_t tok = 1;

	for (uint32_t r = 0; r < 40 && !ctx->nfail; r++)
		burst(e, 1 + vq_rand(&rs) % 2, &rs, &tok);
}

PVC_TEST(packed_drv_notification_data, "VQP-DRV-041 VQP-DRV-042", "needs:packed needs:notification_data")
{
	drv_notif_data(ctx);
}

PVC_TEST(split_drv_notification_data, "VQS-DRV-029", "needs:split needs:notification_data")
{
	drv_notif_data(ctx);
}

/*
 * Used buffer notifications: the driver's event suppression values are
 * valid, re-enabling looks at the ring once more, and once enabled the
 * device is asked to notify.
 */
static void drv_enable_cb(struct pvc_ctx *ctx, bool event_idx, const char *recheck_id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, event_idx ? VIRTIO_BIT(VIRTIO_F_EVENT_IDX) : 0);
	const struct pvc_drv_ops *o = e->tg->drv;
	struct vqc_avail_buf b[8];

	for (uint32_t r = 0; r < 6 && !ctx->nfail; r++) {
		uintptr_t t0 = 10 * r + 1;

		o->disable_cb(e->drv);
		for (uint32_t i = 0; i < 3; i++)
			if (vq_drv_add(e, 0, 1, 8, t0 + i, 0))
				pvc_error(ctx, "add failed");
		if (vq_drv_poll_all(e, b, 8) != 3)
			pvc_error(ctx, "device does not see 3 buffers");
		vq_drv_kick(e);
		vqc_drvchk_use(e->dc, b[0].id, 8);
		(void)vqc_drvchk_interrupt(e->dc);     /* validates the driver's values */
		PVC_CHECK(ctx, !o->enable_cb(e->drv), recheck_id,
			  "enable_cb reported an empty ring with a used buffer waiting");
		vq_drv_expect(e, t0, 8);
		PVC_CHECK(ctx, o->enable_cb(e->drv), recheck_id,
			  "enable_cb reported pending buffers on an empty ring");
		vqc_drvchk_use(e->dc, b[1].id, 8);
		PVC_CHECK(ctx, vqc_drvchk_interrupt(e->dc), recheck_id,
			  "callbacks enabled, a buffer used, but the driver's event suppression asks for no notification");
		vq_drv_expect(e, t0 + 1, 8);
		/* delayed: after about 3/4 of what is outstanding */
		vqc_drvchk_use(e->dc, b[2].id, 8);
		(void)vqc_drvchk_interrupt(e->dc);
		vq_drv_expect(e, t0 + 2, 8);
		for (uint32_t i = 0; i < 4; i++)
			if (vq_drv_add(e, 0, 1, 8, t0 + 3 + i, 0))
				pvc_error(ctx, "add failed");
		if (vq_drv_poll_all(e, b, 8) != 4)
			pvc_error(ctx, "device does not see 4 buffers");
		vq_drv_kick(e);
		if (!o->enable_cb_delayed(e->drv))
			pvc_fail(ctx, recheck_id, "enable_cb_delayed saw used buffers on an empty used ring");
		(void)vqc_drvchk_interrupt(e->dc);
		/* two chains used at once: they may skip over the event slot */
		vqc_drvchk_use(e->dc, b[0].id, 8);
		vqc_drvchk_use(e->dc, b[1].id, 8);
		vqc_drvchk_use(e->dc, b[2].id, 8);
		vqc_drvchk_use(e->dc, b[3].id, 8);
		PVC_CHECK(ctx, vqc_drvchk_interrupt(e->dc), recheck_id,
			  "delayed callback armed, every outstanding buffer used, no notification asked for");
		for (uint32_t i = 0; i < 4; i++)
			vq_drv_expect(e, t0 + 3 + i, 8);
	}
}

PVC_TEST(packed_drv_enable_cb, "VQP-DRV-040 VQP-DRV-033 VQP-DRV-034", "needs:packed")
{
	drv_enable_cb(ctx, false, "VQP-DRV-040");
}

PVC_TEST(packed_drv_enable_cb_event_idx, "VQP-DRV-040 VQP-DRV-033 VQP-DRV-034", "needs:packed needs:event_idx")
{
	drv_enable_cb(ctx, true, "VQP-DRV-040");
}

PVC_TEST(split_drv_enable_cb, "VQS-DRV-028 VQS-DRV-021", "needs:split")
{
	drv_enable_cb(ctx, false, "VQS-DRV-028");
}

PVC_TEST(split_drv_enable_cb_event_idx, "VQS-DRV-028 VQS-DRV-022", "needs:split needs:event_idx")
{
	drv_enable_cb(ctx, true, "VQS-DRV-028");
}

/* packed: when the driver selects DESC mode, off_wrap is in place no
 * later than the flags that select it. */
PVC_TEST(packed_drv_event_desc_order, "VQP-DRV-035", "needs:packed needs:event_idx")
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	const struct pvc_drv_ops *o = e->tg->drv;
	struct vqc_avail_buf b[8];
	const struct virtq_packed_event *fin = e->r.driver;
	bool desc_seen = false;

	for (uint32_t r = 0; r < 4 && !ctx->nfail; r++) {
		o->disable_cb(e->drv);
		for (uint32_t i = 0; i < 4; i++)
			if (vq_drv_add(e, 0, 1, 8, 10 * r + i + 1, 0))
				pvc_error(ctx, "add failed");
		if (vq_drv_poll_all(e, b, 8) != 4)
			pvc_error(ctx, "device does not see 4 buffers");
		vq_drv_kick(e);
		vq_trap_begin(e);
		o->enable_cb_delayed(e->drv);
		vq_trap_end(e);
		for (uint32_t i = 0; i < e->nsnap; i++) {
			const struct virtq_packed_event *s =
				(const void *)(e->snaps + (size_t)i * e->ring_bytes + e->off.driver);

			if (s->flags == VIRTQ_EVT_F_DESC && fin->flags == VIRTQ_EVT_F_DESC) {
				desc_seen = true;
				PVC_CHECK(ctx, s->off_wrap == fin->off_wrap, "VQP-DRV-035",
					  "DESC mode visible with off_wrap 0x%04x before the final 0x%04x",
					  s->off_wrap, fin->off_wrap);
			}
		}
		(void)vqc_drvchk_interrupt(e->dc);
		for (uint32_t i = 0; i < 4; i++) {
			vqc_drvchk_use(e->dc, b[i].id, 8);
			vq_drv_expect(e, 10 * r + i + 1, 8);
		}
	}
	if (!desc_seen)
		pvc_skip(ctx, "the driver never selected DESC mode (allowed): nothing to judge");
}
