// SPDX-License-Identifier: GPL-2.0-only
/*
 * drv_used.c - what a driver under test does with the used buffers a
 * device returns: any order, in-order batches, and a device that breaks
 * the rules (used len too large, unknown or duplicate IDs, half-written
 * flags, an index that runs ahead).
 */
#include <stdlib.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

/* Fill the ring with n buffers (out readable + in writable segments of
 * 16 bytes, tokens 1..n); b[] receives what the device sees. */
static void fill(struct vq_env *e, struct vqc_avail_buf *b, uint32_t n, uint32_t out, uint32_t in)
{
	for (uint32_t i = 0; i < n; i++)
		if (vq_drv_add(e, out, in, 16, i + 1, 0))
			pvc_error(e->ctx, "add %u failed", i);
	if (vq_drv_poll_all(e, b, n) != n)
		pvc_error(e->ctx, "device does not see the %u buffers", n);
	vq_drv_kick(e);
}

static void drv_out_of_order(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_drv(ctx, 16, 0, 0);
	struct vqc_avail_buf *b = calloc(16, sizeof(*b));
	uint32_t rs = 12345;

	if (!b)
		pvc_error(ctx, "out of memory");
	for (uint32_t r = 0; r < 8 && !ctx->nfail; r++) {
		uint32_t perm[5] = { 0, 1, 2, 3, 4 };

		fill(e, b, 5, 1, 1 + r % 2);
		for (uint32_t i = 4; i > 0; i--) {
			uint32_t j = vq_rand(&rs) % (i + 1), t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		for (uint32_t i = 0; i < 5; i++)
			vqc_drvchk_use(e->dc, b[perm[i]].id, 3 + perm[i]);
		for (uint32_t i = 0; i < 5; i++)
			vq_drv_expect(e, perm[i] + 1, 3 + perm[i]);
		vq_drv_expect(e, 0, 0);
	}
	free(b);
}

PVC_TEST(packed_drv_out_of_order, "VQP-DRV-008 VQP-DRV-022", "needs:packed")
{
	drv_out_of_order(ctx);
}

PVC_TEST(split_drv_out_of_order, "VQS-DRV-032", "needs:split")
{
	drv_out_of_order(ctx);
}

/* IN_ORDER: one used element for a batch completes every earlier buffer
 * (tables too, when INDIRECT_DESC is there: their entries are sequential). */
static void drv_in_order_batch(struct pvc_ctx *ctx, const char *batch_id, const char *len_id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC),
				      VIRTIO_BIT(VIRTIO_F_IN_ORDER));
	struct vqc_avail_buf b[8];

	for (uint32_t r = 0; r < 10 && !ctx->nfail; r++) {
		uint32_t n = 1 + r % 4;

		for (uint32_t i = 0; i < n; i++)
			if (vq_drv_add(e, 1, 1 + (i & 1), 16, i + 1,
				       (i & 1) ? VIRTQ_ADD_INDIRECT : 0))
				pvc_error(e->ctx, "add %u failed", i);
		if (vq_drv_poll_all(e, b, n) != n)
			pvc_error(e->ctx, "device does not see the %u buffers", n);
		vq_drv_kick(e);
		vqc_drvchk_use_batch(e->dc, b[n - 1].id, 5);
		for (uint32_t i = 0; i + 1 < n; i++) {
			uint32_t len = 0xdead;
			void *t = e->tg->drv->get(e->drv, &len);

			if ((uintptr_t)t != i + 1) {
				pvc_fail(ctx, batch_id, "batch of %u: buffer %u came back as token %p", n, i, t);
				return;
			}
			PVC_CHECK(ctx, len == b[i].wlen, len_id,
				  "buffer folded into a batch reported len %u, its writable size is %u",
				  len, b[i].wlen);
		}
		vq_drv_expect(e, n, 5);
		vq_drv_expect(e, 0, 0);
	}
}

PVC_TEST(packed_drv_in_order_batch, "VQP-DRV-031 VQP-DRV-032", "needs:packed needs:in_order")
{
	drv_in_order_batch(ctx, "VQP-DRV-031", "VQP-DRV-032");
}

PVC_TEST(split_drv_in_order_batch, "VQS-DRV-018 VQS-DRV-019 VQS-DRV-020", "needs:split needs:in_order")
{
	drv_in_order_batch(ctx, "VQS-DRV-020", "VQS-DRV-020");
}

/*
 * A hostile device: after the bad element the driver must hand nothing
 * more to its user, report the queue broken and add nothing further.
 */
enum bad { BAD_LEN, BAD_ID_RANGE, BAD_ID_FREE, BAD_ID_DUP, BAD_IDX };

static void drv_bad_device(struct pvc_ctx *ctx, enum bad kind, const char *id, const char *broken_id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];
	uint32_t len = 0;
	void *t;

	fill(e, b, 3, 1, 1);
	switch (kind) {
	case BAD_LEN:
		vqc_drvchk_use(e->dc, b[0].id, 16);
		vq_drv_expect(e, 1, 16);
		vqc_drvchk_raw_used(e->dc, b[1].id, 17, 0);
		break;
	case BAD_ID_RANGE:
		vqc_drvchk_raw_used(e->dc, e->num, 4, 0);
		break;
	case BAD_ID_FREE:
		/* an ID below the queue size that is not outstanding */
		for (uint16_t i = 0; i < 8; i++)
			if (!e->dc->ids[i].busy) {
				vqc_drvchk_raw_used(e->dc, i, 4, 0);
				break;
			}
		break;
	case BAD_ID_DUP:
		vqc_drvchk_use(e->dc, b[0].id, 16);
		vq_drv_expect(e, 1, 16);
		vqc_drvchk_raw_used(e->dc, b[0].id, 16, 0);
		break;
	case BAD_IDX: {
		/* split: used idx jumps past everything outstanding */
		volatile struct virtq_split_used *u = e->r.device;

		u->ring[0].id = b[0].id;
		u->ring[0].len = 4;
		vqc_st16(&u->idx, 4);
		break;
	}
	}
	t = e->tg->drv->get(e->drv, &len);
	PVC_CHECK(ctx, t == NULL, id, "driver passed token %p len %u from a bad used element to its user",
		  t, len);
	PVC_CHECK(ctx, e->tg->drv->error(e->drv) != 0, id,
		  "driver did not treat the queue as broken");
	t = e->tg->drv->get(e->drv, &len);
	PVC_CHECK(ctx, t == NULL, broken_id, "broken queue still hands out used buffers (%p)", t);
	PVC_CHECK(ctx, vq_drv_add(e, 0, 1, 8, 99, 0) != 0, broken_id,
		  "broken queue accepted a new buffer");
	PVC_CHECK(ctx, vqc_drvchk_poll(e->dc, &b[0]) == 0, broken_id,
		  "broken queue made a new buffer available");
	/* recovery: reset makes it usable again */
	vq_drv_reset(e);
	PVC_CHECK(ctx, e->tg->drv->error(e->drv) == 0, broken_id, "queue still broken after reset");
	fill(e, b, 1, 1, 1);
	vqc_drvchk_use(e->dc, b[0].id, 16);
	vq_drv_expect(e, 1, 16);
}

PVC_TEST(packed_drv_used_len_too_big, "VQP-DRV-051 VQP-DRV-052", "needs:packed")
{
	drv_bad_device(ctx, BAD_LEN, "VQP-DRV-051", "VQP-DRV-052");
}

PVC_TEST(split_drv_used_len_too_big, "VQS-DRV-033 VQS-DRV-035", "needs:split")
{
	drv_bad_device(ctx, BAD_LEN, "VQS-DRV-033", "VQS-DRV-035");
}

PVC_TEST(packed_drv_used_id_out_of_range, "VQP-DRV-050 VQP-DRV-052", "needs:packed")
{
	drv_bad_device(ctx, BAD_ID_RANGE, "VQP-DRV-050", "VQP-DRV-052");
}

PVC_TEST(split_drv_used_id_out_of_range, "VQS-DRV-032 VQS-DRV-035", "needs:split")
{
	drv_bad_device(ctx, BAD_ID_RANGE, "VQS-DRV-032", "VQS-DRV-035");
}

PVC_TEST(packed_drv_used_id_unknown, "VQP-DRV-050 VQP-DRV-052", "needs:packed")
{
	drv_bad_device(ctx, BAD_ID_FREE, "VQP-DRV-050", "VQP-DRV-052");
}

PVC_TEST(split_drv_used_id_unknown, "VQS-DRV-032 VQS-DRV-035", "needs:split")
{
	drv_bad_device(ctx, BAD_ID_FREE, "VQS-DRV-032", "VQS-DRV-035");
}

PVC_TEST(packed_drv_used_id_duplicate, "VQP-DRV-050 VQP-DRV-052", "needs:packed")
{
	drv_bad_device(ctx, BAD_ID_DUP, "VQP-DRV-050", "VQP-DRV-052");
}

PVC_TEST(split_drv_used_id_duplicate, "VQS-DRV-032 VQS-DRV-035", "needs:split")
{
	drv_bad_device(ctx, BAD_ID_DUP, "VQS-DRV-032", "VQS-DRV-035");
}

PVC_TEST(split_drv_used_idx_jump, "VQS-DRV-034 VQS-DRV-035", "needs:split")
{
	drv_bad_device(ctx, BAD_IDX, "VQS-DRV-034", "VQS-DRV-035");
}

/*
 * packed: the used test looks at both bits.  A descriptor whose USED bit
 * matches but AVAIL does not is not used; NEXT / INDIRECT in a used
 * descriptor are ignored; without WRITE a length that does not fit is
 * ignored and one that fits is taken (VQP-DRV-023, VQP-DRV-057).
 */
PVC_TEST(packed_drv_used_flags, "VQP-DRV-008 VQP-DRV-023 VQP-DRV-024 VQP-DRV-057", "needs:packed")
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];
	volatile struct virtq_packed_desc *d = e->r.desc;
	uint16_t slot;
	void *t;
	uint32_t len;

	fill(e, b, 4, 0, 1);
	/* half-used: USED = wrap (1), AVAIL = 0 */
	slot = e->dc->next_used;
	d[slot].id = b[0].id;
	d[slot].len = 16;
	vqc_st16(&d[slot].flags, VIRTQ_DESC_F_USED | VIRTQ_DESC_F_WRITE);
	t = e->tg->drv->get(e->drv, &len);
	PVC_CHECK(ctx, t == NULL, "VQP-DRV-008",
		  "a descriptor with USED=1 AVAIL=0 (used wrap 1) was taken as used");
	/* now properly used, with NEXT and INDIRECT noise */
	vqc_drvchk_raw_used(e->dc, b[0].id, 16, VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED |
			    VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_INDIRECT);
	e->dc->ids[b[0].id].busy = false;
	vq_drv_expect(e, 1, 16);
	/* used without WRITE and a len larger than the buffer: the field is
	 * reserved, so it reads as 0 and does not break the queue */
	vqc_drvchk_raw_used(e->dc, b[1].id, 0x10000, VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED);
	e->dc->ids[b[1].id].busy = false;
	vq_drv_expect(e, 2, 0);
	PVC_CHECK(ctx, e->tg->drv->error(e->drv) == 0, "VQP-DRV-023",
		  "driver broke the queue on the reserved len of a used descriptor without WRITE: %d",
		  e->tg->drv->error(e->drv));
	/* used without WRITE, len within the buffer (as QEMU 7.2 writes it):
	 * SHOULD be taken as the length written */
	vqc_drvchk_raw_used(e->dc, b[2].id, 12, VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED);
	e->dc->ids[b[2].id].busy = false;
	t = e->tg->drv->get(e->drv, &len);
	if (t != (void *)3)
		pvc_fail(ctx, "VQP-DRV-022", "driver returned token %p, expected %p", t, (void *)3);
	else if (len != 12)
		pvc_finding(ctx, "VQP-DRV-057", "used descriptor without WRITE and len 12 read as len %u",
			    len);
	PVC_CHECK(ctx, e->tg->drv->error(e->drv) == 0, "VQP-DRV-024",
		  "driver broke the queue on valid used descriptors: %d", e->tg->drv->error(e->drv));
}

/* Used buffer notifications that announce nothing new, repeated. */
static void drv_idle(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];

	for (uint32_t r = 0; r < 4 && !ctx->nfail; r++) {
		fill(e, b, 2, 0, 1);
		vqc_drvchk_use(e->dc, b[0].id, 16);
		vq_drv_expect(e, 1, 16);
		for (uint32_t k = 0; k < 3; k++) {
			uint32_t len;
			void *t = e->tg->drv->get(e->drv, &len);

			PVC_CHECK(ctx, t == NULL && e->tg->drv->error(e->drv) == 0, id,
				  "a notification with nothing new gave token %p, error %d", t,
				  e->tg->drv->error(e->drv));
		}
		vqc_drvchk_use(e->dc, b[1].id, 16);
		vq_drv_expect(e, 2, 16);
	}
}

PVC_TEST(packed_drv_idle_notify, "VQP-DRV-054", "needs:packed")
{
	drv_idle(ctx, "VQP-DRV-054");
}

PVC_TEST(split_drv_idle_notify, "VQS-DRV-036", "needs:split")
{
	drv_idle(ctx, "VQS-DRV-036");
}
