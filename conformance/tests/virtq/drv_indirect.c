// SPDX-License-Identifier: GPL-2.0-only
/*
 * drv_indirect.c - a driver under test using indirect descriptor tables,
 * and not using them when the feature is off.
 */
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

static void drv_indirect(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
	struct vqc_avail_buf b[8];
	uintptr_t tok = 1;

	for (uint32_t r = 0; r < 20 && !ctx->nfail; r++) {
		uint32_t out = 1 + r % 3, in = 1 + (r * 5) % 4, n;
		int ret = vq_drv_add(e, out, in, 24, tok, VIRTQ_ADD_INDIRECT);

		if (ret)
			pvc_error(ctx, "indirect add of %u+%u failed: %d", out, in, ret);
		/* a second, direct, buffer behind it */
		ret = vq_drv_add(e, 0, 1, 8, tok + 1, 0);
		if (ret)
			pvc_error(ctx, "direct add failed: %d", ret);
		n = vq_drv_poll_all(e, b, 8);
		if (n != 2) {
			pvc_fail(ctx, P(e) ? "VQP-DRV-044" : "VQS-DRV-009", "device sees %u of 2 buffers", n);
			return;
		}
		PVC_CHECK(ctx, b[0].indirect && b[0].nseg == out + in && b[0].ndesc == 1,
			  P(e) ? "VQP-DRV-027" : "VQS-DRV-015",
			  "asked for an indirect table of %u entries, the device sees %u segments in %u descriptors",
			  out + in, b[0].nseg, b[0].ndesc);
		PVC_CHECK(ctx, b[0].wlen == 24 * in && b[0].rlen == 24 * out,
			  P(e) ? "VQP-DRV-010" : "VQS-DRV-006",
			  "indirect buffer: %u readable / %u writable bytes, expected %u / %u",
			  b[0].rlen, b[0].wlen, 24 * out, 24 * in);
		vq_drv_kick(e);
		/* complete the direct one first: the table stays outstanding */
		vqc_drvchk_use(e->dc, b[1].id, 8);
		vq_drv_expect(e, tok + 1, 8);
		vqc_drvchk_owned(e->dc);
		vqc_drvchk_use(e->dc, b[0].id, 24 * in);
		vq_drv_expect(e, tok, 24 * in);
		tok += 2;
	}
}

PVC_TEST(packed_drv_indirect, "VQP-DRV-026 VQP-DRV-027 VQP-DRV-028 VQP-DRV-029 VQP-DRV-030", "needs:packed needs:indirect")
{
	drv_indirect(ctx);
}

PVC_TEST(split_drv_indirect, "VQS-DRV-014 VQS-DRV-015 VQS-DRV-016 VQS-DRV-017 VQS-DRV-008", "needs:split needs:indirect")
{
	drv_indirect(ctx);
}

/* Feature off: a request for a table must not produce INDIRECT. */
static void drv_no_indirect(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];
	int ret;

	ret = vq_drv_add(e, 2, 2, 16, 1, VIRTQ_ADD_INDIRECT);
	if (ret) {
		pvc_diag(ctx, "add with an indirect request refused: %d", ret);
		return;
	}
	PVC_CHECK(ctx, vq_drv_poll_all(e, b, 8) == 1, P(e) ? "VQP-DRV-026" : "VQS-DRV-014",
		  "the device does not see the buffer");
	PVC_CHECK(ctx, !b[0].indirect, P(e) ? "VQP-DRV-026" : "VQS-DRV-014",
		  "INDIRECT used without VIRTIO_F_INDIRECT_DESC");
}

PVC_TEST(packed_drv_no_indirect_feature, "VQP-DRV-026 FEAT-DRV-013", "needs:packed")
{
	drv_no_indirect(ctx);
}

PVC_TEST(split_drv_no_indirect_feature, "VQS-DRV-014 FEAT-DRV-013", "needs:split")
{
	drv_no_indirect(ctx);
}
