// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev_indirect.c - a device under test reading indirect tables: entries in
 * table order, the table left alone, flags a device must ignore, and (split)
 * a chain that ends in a table.
 */
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

static void dev_indirect(struct pvc_ctx *ctx, uint16_t ring_extra, uint16_t tab_extra,
			 uint32_t prefix, const char *id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
	uint16_t ids[8], got[8];

	e->vc->ind_ring_extra = ring_extra;
	e->vc->itab_extra = tab_extra;
	e->vc->split_ind_prefix = prefix;
	for (uint32_t r = 0; r < 12 && !ctx->nfail; r++) {
		uint32_t n = 1 + r % 3, c;
		int ret;

		for (uint32_t i = 0; i < n; i++) {
			bool ind = (r + i) % 4 != 3;

			ids[i] = vq_dev_add(e, ind ? 1 + (r + i) % 3 : 1, ind ? 1 + i % 3 : 1,
					    8 + 8 * i, ind);
		}
		ret = vq_dev_process(e, 8, true);
		PVC_CHECK(ctx, ret == (int)n, id, "%u buffers with tables available, the device took %d (error %d)",
			  n, ret, e->tg->dev->error(e->dev));
		if (ret != (int)n)
			return;
		c = vq_dev_collect(e, got, 8);
		PVC_CHECK(ctx, c == n, P(e) ? "VQP-DEV-020" : "VQS-DEV-005",
			  "%u buffers completed, %u came back", n, c);
		for (uint32_t i = 0; i < c && i < n; i++)
			PVC_CHECK(ctx, got[i] == ids[i], P(e) ? "VQP-DEV-020" : "VQS-DEV-005",
				  "used #%u names %u, expected %u", i, got[i], ids[i]);
		vq_dev_notify(e);
	}
	vq_guard(e, P(e) ? "VQP-DEV-002" : "VQS-DEV-001");
}

PVC_TEST(packed_dev_indirect, "VQP-DEV-011 VQP-DEV-019 VQP-DEV-020", "needs:packed needs:indirect")
{
	dev_indirect(ctx, 0, 0, 0, "VQP-DEV-019");
}

PVC_TEST(packed_dev_indirect_ignored_bits, "VQP-DEV-018 VQP-DEV-019", "needs:packed needs:indirect")
{
	/* WRITE on the ring descriptor, NEXT and a stray id in the entries */
	dev_indirect(ctx, VIRTQ_DESC_F_WRITE, VIRTQ_DESC_F_NEXT, 0, "VQP-DEV-018");
}

PVC_TEST(split_dev_indirect, "VQS-DEV-001 VQS-DEV-003 VQS-DEV-006", "needs:split needs:indirect")
{
	dev_indirect(ctx, 0, 0, 0, "VQS-DEV-003");
}

PVC_TEST(split_dev_indirect_write_ignored, "VQS-DEV-008", "needs:split needs:indirect")
{
	dev_indirect(ctx, VIRTQ_SPLIT_F_WRITE, 0, 0, "VQS-DEV-008");
}

PVC_TEST(split_dev_chain_ending_in_table, "VQS-DEV-009", "needs:split needs:indirect")
{
	dev_indirect(ctx, 0, 0, 1, "VQS-DEV-009");
}
