// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev_fetch.c - a device under test reads each descriptor field (and each
 * split available ring entry) from shared memory once: every load the
 * device makes from the ring while it takes buffers is counted.  A second
 * read of the same field is a double fetch, open to a driver that changes
 * the value in between (VQP-DEV-039, VQS-DEV-023).
 */
#include <stdlib.h>
#include <string.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

/* Bytes of ring memory at [off, off+len) read more than once? */
static void once(struct vq_env *e, size_t off, size_t len, const char *id, const char *what,
		 uint32_t which)
{
	for (size_t i = off; i < off + len; i++)
		if (e->reads[i] > 1) {
			pvc_fail(e->ctx, id, "%s %u: byte %zu read %u times while the buffer was taken",
				 what, which, i - off, e->reads[i]);
			return;
		}
}

static void dev_single_fetch(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), 0);
	uint16_t got[8];
	uint32_t all[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	bool ind = vq_has(e, VIRTIO_F_INDIRECT_DESC);

	for (uint32_t r = 0; r < 4 && !ctx->nfail; r++) {
		uint16_t slot0 = e->vc->next_avail, aidx0 = e->vc->avail_idx, ids[3];
		uint32_t n = ind ? 3 : 2, slots;
		int ret;

		ids[0] = vq_dev_add(e, 1, 2, 16, false);
		ids[1] = vq_dev_add(e, 0, 1, 16, false);
		if (ind)
			ids[2] = vq_dev_add(e, 2, 1, 16, true);
		slots = 3 + 1 + (ind ? 1 : 0);
		vq_trap_reads_begin(e);
		ret = vq_dev_process(e, 8, false);
		vq_trap_end(e);
		if (ret != (int)n)
			pvc_error(ctx, "device took %d of %u buffers", ret, n);
		if (P(e)) {
			for (uint32_t k = 0; k < slots; k++) {
				uint32_t s = (slot0 + k) % e->num;

				once(e, e->off.desc + 16 * s, 16, id, "descriptor in slot", s);
			}
		} else {
			for (uint32_t b = 0; b < n; b++) {
				const struct vqc_devchk_id *bi = &e->vc->ids[ids[b]];

				for (uint32_t k = 0; k < bi->ndesc; k++) {
					uint32_t d = (bi->head + k) % e->num;

					once(e, e->off.desc + 16 * d, 16, id, "descriptor", d);
				}
				once(e, e->off.driver + 4 + 2 * ((aidx0 + b) % e->num), 2, id,
				     "available ring entry", (aidx0 + b) % e->num);
			}
		}
		if (e->tg->dev->complete(e->dev, all, n))
			pvc_error(ctx, "complete failed");
		PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == n, P(e) ? "VQP-DEV-053" : "VQS-DEV-036",
			  "not every buffer came back");
	}
}

PVC_TEST(packed_dev_single_fetch, "VQP-DEV-039", "needs:packed")
{
	dev_single_fetch(ctx, "VQP-DEV-039");
}

PVC_TEST(split_dev_single_fetch, "VQS-DEV-023", "needs:split")
{
	dev_single_fetch(ctx, "VQS-DEV-023");
}

/* A reset of one queue leaves another queue of the device alone. */
PVC_TEST(packed_dev_reset_other_queue, "VQP-DEV-036", "needs:packed")
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, 0);
	struct vq_env2 *q = &e->q2;
	struct vqc_seg seg;
	uint16_t got[8], id2;
	struct vqc_used u;
	uint32_t zero = 0;

	vq_env_dev_q2(e);
	/* queue 2: one buffer taken and kept in flight */
	seg.gpa = vq_buf(e, NULL);
	seg.len = 16;
	seg.write = true;
	if (vqc_devchk_add(q->vc, &seg, 1, NULL, 0, &id2))
		pvc_error(ctx, "second queue: add failed");
	PVC_CHECK(ctx, e->tg->dev->process(q->dev, 8, false) == 1, "VQP-DEV-036",
		  "second queue did not take its buffer");
	/* queue 1: traffic, then a reset */
	vq_dev_add(e, 1, 1, 8, false);
	vq_dev_process(e, 8, false);
	e->tg->dev->reset(e->dev);
	memset(e->ring, 0, e->off.total);
	vqc_devchk_reset(e->vc);
	/* queue 2 is untouched by that: its buffer completes normally */
	PVC_CHECK(ctx, e->tg->dev->error(q->dev) == 0 && e->tg->dev->inflight(q->dev) == 1,
		  "VQP-DEV-036", "resetting queue 1 changed queue 2 (error %d, %u in flight)",
		  e->tg->dev->error(q->dev), e->tg->dev->inflight(q->dev));
	if (e->tg->dev->complete(q->dev, &zero, 1))
		pvc_fail(ctx, "VQP-DEV-036", "queue 2 could not complete its buffer after queue 1's reset");
	PVC_CHECK(ctx, vqc_devchk_collect(q->vc, &u) == 1 && u.id == id2, "VQP-DEV-036",
		  "queue 2's buffer did not come back after queue 1's reset");
	/* and queue 1 works from its first slot */
	vq_dev_add(e, 0, 1, 8, false);
	PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 1 && vq_dev_collect(e, got, 8) == 1,
		  "VQP-DEV-035", "queue 1 does not work after its reset");
}
