// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev_rings.c - a device under test consuming and returning buffers:
 * ring order, used descriptors and their position, wrap counters, chains
 * across the ring end and of the queue size, odd queue sizes, completion
 * out of order and in-order batches, publication order, reset.  The device
 * checker plays the driver.
 */
#include <stdlib.h>
#include <string.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

/* Random chains over several laps, each batch completed as taken. */
static void dev_chains(struct pvc_ctx *ctx, uint32_t num, uint32_t rounds, uint32_t maxseg)
{
	struct vq_env *e = vq_env_dev(ctx, num, 0, 0);
	uint16_t *ids = calloc(num, sizeof(*ids)), *got = calloc(num, sizeof(*got));
	uint32_t rs = num * 31u + 7;

	if (!ids || !got)
		pvc_error(ctx, "out of memory");
	for (uint32_t r = 0; r < rounds && !ctx->nfail; r++) {
		uint32_t n = 0, c, slots = 0;
		int ret;

		while (n < num) {
			uint32_t out = vq_rand(&rs) % (maxseg + 1);
			uint32_t in = vq_rand(&rs) % (maxseg + 1 - out);
			uint32_t need;

			if (!out && !in)
				out = 1;
			need = out + in;
			if (slots + need > num)
				break;
			ids[n++] = vq_dev_add(e, out, in, 1 + vq_rand(&rs) % VQ_SEG_BYTES, false);
			slots += need;
			if (vq_rand(&rs) % 3 == 0)
				break;
		}
		ret = vq_dev_process(e, num, true);
		if (ret < 0) {
			pvc_fail(ctx, P(e) ? "VQP-DEV-038" : "VQS-DEV-022",
				 "device rejected a well-formed ring: %d", ret);
			return;
		}
		PVC_CHECK(ctx, (uint32_t)ret == n, P(e) ? "VQP-DEV-003" : "VQS-DEV-036",
			  "round %u: %u buffers available, the device took %d", r, n, ret);
		c = vq_dev_collect(e, got, num);
		PVC_CHECK(ctx, c == n, P(e) ? "VQP-DEV-004" : "VQS-DEV-005",
			  "round %u: %u buffers completed, %u used elements", r, n, c);
		/* packed: taken in ring order and (completed as taken) used in
		 * that order; split devices may take buffers in any order, so
		 * only the set is compared */
		for (uint32_t i = 0; i < c && i < n; i++) {
			bool found = P(e) && got[i] == ids[i];

			for (uint32_t k = 0; !P(e) && k < n; k++)
				found |= got[i] == ids[k];
			if (!found) {
				pvc_fail(ctx, P(e) ? "VQP-DEV-003" : "VQS-DEV-036",
					 "round %u: used #%u is buffer %u, expected %u", r, i, got[i], ids[i]);
				break;
			}
		}
		vq_dev_notify(e);
	}
	vq_guard(e, P(e) ? "VQP-DEV-002" : "VQS-DEV-001");
	free(ids);
	free(got);
}

PVC_TEST(packed_dev_chains, "VQP-DEV-002 VQP-DEV-003 VQP-DEV-004 VQP-DEV-006 VQP-DEV-007 VQP-DEV-011 VQP-DEV-013 VQP-DEV-015 VQP-DEV-016 VQP-DEV-053 VQP-DEV-054", "needs:packed")
{
	dev_chains(ctx, 16, 60, 5);
}

PVC_TEST(split_dev_chains, "VQS-DEV-001 VQS-DEV-003 VQS-DEV-005 VQS-DEV-006 VQS-DEV-036 VQS-DEV-037 VQS-DEV-038", "needs:split")
{
	dev_chains(ctx, 16, 60, 5);
}

PVC_TEST(packed_dev_odd_sizes, "VQP-DEV-001 VQP-DEV-006 VQP-DEV-007", "needs:packed")
{
	dev_chains(ctx, 7, 40, 3);
	if (!ctx->nfail) {
		vq_env_done(ctx);
		dev_chains(ctx, 1, 10, 1);
	}
	if (!ctx->nfail) {
		vq_env_done(ctx);
		dev_chains(ctx, 13, 30, 4);
	}
}

PVC_TEST(split_dev_big_ring, "VQS-DEV-003 VQS-DEV-005", "needs:split")
{
	dev_chains(ctx, 256, 20, 8);
}

/* Taken all at once, returned in a shuffled order in small batches; the
 * publication of each batch is watched store by store. */
static void dev_out_of_order(struct pvc_ctx *ctx, const char *order_id, const char *pub_id)
{
	struct vq_env *e = vq_env_dev(ctx, 16, 0, 0);
	uint16_t ids[16], got[16];
	uint32_t rs = 99;

	for (uint32_t r = 0; r < 10 && !ctx->nfail; r++) {
		uint32_t n = 3 + r % 5, left;
		uint16_t inorder_ids[16];
		int ret;

		for (uint32_t i = 0; i < n; i++)
			ids[i] = vq_dev_add(e, i % 2, 1, 16, false);
		memcpy(inorder_ids, ids, sizeof(ids));
		ret = vq_dev_process(e, n, false);
		if (ret != (int)n)
			pvc_error(ctx, "device took %d of %u buffers", ret, n);
		left = n;
		while (left) {
			uint32_t k = 1 + vq_rand(&rs) % (left < 3 ? left : 3), order[3], c;
			uint16_t want[3];

			for (uint32_t i = 0; i < k; i++) {
				uint32_t j = vq_rand(&rs) % (left - i), dup = 0;

				/* distinct indexes into the in-flight list */
				for (;;) {
					dup = 0;
					for (uint32_t q = 0; q < i; q++)
						dup |= order[q] == j;
					if (!dup)
						break;
					j = (j + 1) % left;
				}
				order[i] = j;
				want[i] = inorder_ids[j];
			}
			vq_trap_begin(e);
			ret = e->tg->dev->complete(e->dev, order, k);
			vq_trap_end(e);
			if (ret)
				pvc_error(ctx, "complete failed: %d", ret);
			vq_trap_check(e);
			c = vq_dev_collect(e, got, 16);
			PVC_CHECK(ctx, c == k, pub_id, "%u buffers completed, %u used elements", k, c);
			for (uint32_t i = 0; i < c && i < k; i++)
				PVC_CHECK(ctx, got[i] == want[i], order_id,
					  "used #%u is buffer %u, completed as #%u was %u", i, got[i], i, want[i]);
			/* drop the completed ones from our copy of the list */
			for (uint32_t i = 0, w = 0; i < left; i++) {
				bool gone = false;

				for (uint32_t q = 0; q < k; q++)
					gone |= order[q] == i;
				if (!gone)
					inorder_ids[w++] = inorder_ids[i];
			}
			left -= k;
			vq_dev_notify(e);
		}
	}
	vq_guard(e, P(e) ? "VQP-DEV-002" : "VQS-DEV-001");
}

PVC_TEST(packed_dev_out_of_order, "VQP-DEV-004 VQP-DEV-015 VQP-DEV-017 VQP-DEV-023", "needs:packed")
{
	dev_out_of_order(ctx, "VQP-DEV-004", "VQP-DEV-023");
}

PVC_TEST(split_dev_out_of_order, "VQS-DEV-005 VQS-DEV-036", "needs:split")
{
	dev_out_of_order(ctx, "VQS-DEV-036", "VQS-DEV-005");
}

/* IN_ORDER: buffers come back in ring order, batches fold full buffers. */
static void dev_in_order(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_dev(ctx, 8, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC),
				      VIRTIO_BIT(VIRTIO_F_IN_ORDER));
	uint16_t ids[8], got[8];

	for (uint32_t r = 0; r < 24 && !ctx->nfail; r++) {
		uint32_t n = 1 + r % 4, c;
		int ret;

		for (uint32_t i = 0; i < n; i++)
			ids[i] = vq_dev_add(e, i & 1, 1, 8, vq_has(e, VIRTIO_F_INDIRECT_DESC) && (r & 4));
		vq_trap_begin(e);
		ret = vq_dev_process(e, n, true);
		vq_trap_end(e);
		if (ret != (int)n)
			pvc_error(ctx, "device took %d of %u buffers", ret, n);
		vq_trap_check(e);
		c = vq_dev_collect(e, got, 8);
		PVC_CHECK(ctx, c == n, "FEAT-DEV-016", "%u buffers completed, %u came back", n, c);
		for (uint32_t i = 0; i < c && i < n; i++)
			PVC_CHECK(ctx, got[i] == ids[i], "FEAT-DEV-016",
				  "used #%u is buffer %u, made available as #%u was %u", i, got[i], i, ids[i]);
		vq_dev_notify(e);
	}
}

PVC_TEST(packed_dev_in_order_batch, "FEAT-DEV-016 VQP-DEV-021 VQP-DEV-022 VQP-DEV-006", "needs:packed needs:in_order")
{
	dev_in_order(ctx);
}

PVC_TEST(split_dev_in_order_batch, "FEAT-DEV-016 VQS-DEV-010 VQS-DEV-011", "needs:split needs:in_order")
{
	dev_in_order(ctx);
}

/* Chains that cross the end of the ring, and one of the queue size. */
static void dev_ring_end(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, 0);
	uint16_t got[8], a;

	for (uint32_t r = 0; r < 6 && !ctx->nfail; r++) {
		/* move the ring position to 5 / 6 / 7 ... then a chain of 4 */
		for (uint32_t i = 0; i < 5 + r % 3; i++)
			vq_dev_add(e, 1, 0, 8, false);
		vq_dev_process(e, 8, true);
		vq_dev_collect(e, got, 8);
		a = vq_dev_add(e, 2, 2, 32, false);
		if (vq_dev_process(e, 8, true) != 1) {
			pvc_fail(ctx, id, "a chain across the ring end was not taken");
			return;
		}
		PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == 1 && got[0] == a, id,
			  "the chain across the ring end did not come back");
		vq_dev_notify(e);
	}
	/* exactly the queue size */
	a = vq_dev_add(e, 4, 4, 16, false);
	PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 1, P(e) ? "VQP-DEV-042" : "VQS-DEV-026",
		  "a chain of exactly the queue size was not taken: error %d", e->tg->dev->error(e->dev));
	PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == 1 && got[0] == a, P(e) ? "VQP-DEV-042" : "VQS-DEV-026",
		  "the chain of the queue size did not come back");
	vq_guard(e, P(e) ? "VQP-DEV-002" : "VQS-DEV-001");
}

PVC_TEST(packed_dev_chain_across_end, "VQP-DEV-006 VQP-DEV-013 VQP-DEV-015 VQP-DEV-042", "needs:packed")
{
	dev_ring_end(ctx, "VQP-DEV-013");
}

PVC_TEST(split_dev_chain_across_end, "VQS-DEV-003 VQS-DEV-026", "needs:split")
{
	dev_ring_end(ctx, "VQS-DEV-003");
}

/* Notifications that announce nothing new, repeated: no error, and
 * used descriptors are not written again. */
static void dev_idle(struct pvc_ctx *ctx, const char *idle_id, const char *norewrite_id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, 0);
	uint16_t got[8];
	uint8_t *before = malloc(e->off.total);

	if (!before)
		pvc_error(ctx, "out of memory");
	for (uint32_t r = 0; r < 4 && !ctx->nfail; r++) {
		vq_dev_add(e, 1, 1, 8, false);
		vq_dev_add(e, 0, 2, 8, false);
		vq_dev_process(e, 8, true);
		vq_dev_collect(e, got, 8);
		vq_dev_notify(e);
		memcpy(before, e->ring, e->off.total);
		for (uint32_t k = 0; k < 3; k++) {
			int ret = vq_dev_process(e, 8, true);

			PVC_CHECK(ctx, ret == 0 && e->tg->dev->error(e->dev) == 0, idle_id,
				  "a notification with nothing new gave %d, error %d", ret,
				  e->tg->dev->error(e->dev));
			(void)e->tg->dev->should_notify(e->dev);
		}
		PVC_CHECK(ctx, !memcmp(before, e->ring, e->off.total), norewrite_id,
			  "the device wrote the ring with nothing to do");
	}
	free(before);
}

PVC_TEST(packed_dev_idle_notify, "VQP-DEV-033 VQP-DEV-010", "needs:packed")
{
	dev_idle(ctx, "VQP-DEV-033", "VQP-DEV-010");
}

PVC_TEST(split_dev_idle_notify, "VQS-DEV-019", "needs:split")
{
	dev_idle(ctx, "VQS-DEV-019", "VQS-DEV-019");
}

/* packed: a descriptor whose flags do not say "available in this lap" is
 * not used, whichever way the bits are wrong. */
PVC_TEST(packed_dev_only_available, "VQP-DEV-008", "needs:packed")
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, 0);
	static const uint16_t bad[] = {
		0,                                            /* neither bit */
		VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED,       /* used in lap 1 */
		VIRTQ_DESC_F_USED,                            /* available in lap 2 */
	};
	uint16_t got[8];

	for (uint32_t i = 0; i < 3; i++) {
		volatile struct virtq_packed_desc *d = e->r.desc;
		uint64_t gpa = vq_buf(e, NULL);

		d[e->vc->next_avail].addr = gpa;
		d[e->vc->next_avail].len = 8;
		d[e->vc->next_avail].id = 0;
		vqc_st16(&d[e->vc->next_avail].flags, bad[i]);
		PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 0, "VQP-DEV-008",
			  "descriptor with flags 0x%04x taken as available in lap 1", bad[i]);
		PVC_CHECK(ctx, e->tg->dev->error(e->dev) == 0, "VQP-DEV-008",
			  "device broke on a descriptor that is simply not available");
	}
	/* the proper one afterwards is taken */
	vq_dev_add(e, 1, 0, 8, false);
	PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 1, "VQP-DEV-008", "the available descriptor was not taken");
	PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == 1, "VQP-DEV-008", "no used element");
}

/*
 * Reset with requests in flight: afterwards the device starts at the
 * first slot with its wrap counters at 1 and nothing outstanding, and
 * writes nothing for the requests it dropped.
 */
static void dev_reset(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_dev(ctx, 8, 0, 0);
	uint16_t got[8], a;

	for (uint32_t r = 0; r < 3 && !ctx->nfail; r++) {
		for (uint32_t i = 0; i < 3 + r; i++)
			vq_dev_add(e, 0, 1, 8, false);
		vq_dev_process(e, 2, true);
		vq_dev_collect(e, got, 8);
		vq_dev_process(e, 8, false);     /* the rest stays in flight */
		e->tg->dev->reset(e->dev);
		PVC_CHECK(ctx, e->tg->dev->error(e->dev) == 0, id, "error still set after reset");
		/* the driver re-initializes the ring, as for first use */
		memset(e->ring, 0, e->off.total);
		vqc_devchk_reset(e->vc);
		PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 0, id,
			  "after reset the device took a request from an empty ring");
		PVC_CHECK(ctx, e->tg->dev->inflight(e->dev) == 0, id,
			  "after reset %u requests still in flight", e->tg->dev->inflight(e->dev));
		a = vq_dev_add(e, 1, 2, 8, false);
		PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 1, id, "after reset slot 0 was not taken");
		PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == 1 && got[0] == a, id,
			  "after reset the buffer did not come back at slot 0");
	}
	vq_guard(e, id);
}

PVC_TEST(packed_dev_reset_midflight, "VQP-DEV-034 VQP-DEV-035", "needs:packed")
{
	dev_reset(ctx, "VQP-DEV-035");
}

PVC_TEST(split_dev_reset_midflight, "VQS-DEV-020", "needs:split")
{
	dev_reset(ctx, "VQS-DEV-020");
}
