// SPDX-License-Identifier: GPL-2.0-only
/*
 * drv_rings.c - a driver under test filling and draining its ring: chain
 * shapes, wrap counters / index wrap, ownership, publication order, queue
 * size limits and reset.  The driver checker plays the device.
 */
#include <stdlib.h>
#include <string.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

struct shape {
	uintptr_t tok;
	uint32_t out, in, len;
};

/* Compare what the device sees with what was added. */
static void check_shape(struct vq_env *e, const struct vqc_avail_buf *b, const struct shape *s)
{
	uint32_t n = s->out + s->in;

	if (b->indirect)
		return;    /* the driver may pick a table: checked by the checker */
	if (b->nseg != n) {
		pvc_fail(e->ctx, P(e) ? "VQP-DRV-014" : "VQS-DRV-004",
			 "buffer %u: the device sees %u segments, %u were added", b->id, b->nseg, n);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		if (b->seg[i].write != (i >= s->out) || b->seg[i].len != s->len) {
			pvc_fail(e->ctx, P(e) ? "VQP-DRV-010" : "VQS-DRV-006",
				 "buffer %u segment %u: write=%d len=%u, added as write=%d len=%u",
				 b->id, i, b->seg[i].write, b->seg[i].len, i >= s->out, s->len);
			return;
		}
}

/*
 * Random chains, several laps of the ring, completion in random order of
 * a random subset each round.
 */
static void drv_chains(struct pvc_ctx *ctx, uint32_t num, uint32_t rounds, uint32_t maxseg)
{
	struct vq_env *e = vq_env_drv(ctx, num, 0, 0);
	struct vqc_avail_buf *b = calloc(num, sizeof(*b));
	struct shape *sh = calloc(num, sizeof(*sh));
	struct { uintptr_t tok; uint16_t id; uint32_t len; } *fl = calloc(num, sizeof(*fl));
	uint32_t rs = num * 7919u, nfl = 0;
	uintptr_t tok = 1;

	if (!b || !sh || !fl)
		pvc_error(ctx, "out of memory");
	for (uint32_t r = 0; r < rounds && !ctx->nfail; r++) {
		uint32_t nadd = 0, want = 1 + vq_rand(&rs) % num, got;

		/* add until the ring is full or enough */
		while (nadd < want) {
			struct shape s;
			int ret;

			s.out = vq_rand(&rs) % (maxseg + 1);
			s.in = vq_rand(&rs) % (maxseg + 1 - s.out);
			if (!s.out && !s.in)
				s.in = 1;
			s.len = 1 + vq_rand(&rs) % VQ_SEG_BYTES;
			s.tok = tok;
			ret = vq_drv_add(e, s.out, s.in, s.len, tok, 0);
			if (ret == -VIRTQ_ENOSPC)
				break;
			if (ret) {
				pvc_fail(ctx, "FEAT-DRV-023", "add of %u+%u segments failed: %d", s.out, s.in, ret);
				break;
			}
			sh[nadd++] = s;
			tok++;
		}
		got = vq_drv_poll_all(e, b, num);
		PVC_CHECK(ctx, got == nadd, P(e) ? "VQP-DRV-044" : "VQS-DRV-009",
			  "round %u: %u buffers added, the device sees %u", r, nadd, got);
		vq_drv_kick(e);
		for (uint32_t i = 0; i < got && i < nadd; i++) {
			check_shape(e, &b[i], &sh[i]);
			fl[nfl].tok = sh[i].tok;
			fl[nfl].id = b[i].id;
			fl[nfl].len = b[i].wlen ? vq_rand(&rs) % (b[i].wlen + 1) : 0;
			nfl++;
		}
		/* complete a random subset in random order, then drain */
		for (uint32_t k = vq_rand(&rs) % (nfl + 1); k && nfl; k--) {
			uint32_t j = vq_rand(&rs) % nfl;

			if (vqc_drvchk_use(e->dc, fl[j].id, fl[j].len))
				pvc_error(ctx, "checker lost buffer %u", fl[j].id);
			vq_drv_expect(e, fl[j].tok, fl[j].len);
			fl[j] = fl[--nfl];
		}
		vq_drv_expect(e, 0, 0);
		vqc_drvchk_owned(e->dc);
	}
	free(b);
	free(sh);
	free(fl);
}

PVC_TEST(packed_drv_chains, "VQP-DRV-004 VQP-DRV-005 VQP-DRV-006 VQP-DRV-010 VQP-DRV-011 VQP-DRV-013 VQP-DRV-014 VQP-DRV-015 VQP-DRV-016 VQP-DRV-017 VQP-DRV-020 VQP-DRV-021 VQP-DRV-022 VQP-DRV-044 VQP-DRV-058 FEAT-DRV-023", "needs:packed")
{
	drv_chains(ctx, 16, 40, 4);
}

PVC_TEST(split_drv_chains, "VQS-DRV-004 VQS-DRV-005 VQS-DRV-006 VQS-DRV-007 VQS-DRV-008 VQS-DRV-009 VQS-DRV-011 VQS-DRV-032 VQS-DRV-041 VQS-DRV-042 FEAT-DRV-023", "needs:split")
{
	drv_chains(ctx, 16, 40, 4);
}

PVC_TEST(packed_drv_odd_sizes, "VQP-DRV-004 VQP-DRV-005 VQP-DRV-013 VQP-DRV-020 VQP-DRV-022", "needs:packed")
{
	drv_chains(ctx, 7, 30, 3);
	if (!ctx->nfail) {
		vq_env_done(ctx);
		drv_chains(ctx, 1, 10, 1);
	}
}

PVC_TEST(split_drv_big_ring, "VQS-DRV-004 VQS-DRV-005 VQS-DRV-011", "needs:split")
{
	drv_chains(ctx, 256, 12, 6);
}

/* The ring as the driver leaves it before the queue is enabled. */
static void drv_init(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);

	PVC_CHECK(ctx, e->init_zeroed, id, "after init: %s", e->init_msg);
}

PVC_TEST(packed_drv_init_zeroed, "VQP-DRV-002", "needs:packed")
{
	drv_init(ctx, "VQP-DRV-002");
}

PVC_TEST(split_drv_init_zeroed, "VQS-DRV-003", "needs:split")
{
	drv_init(ctx, "VQS-DRV-003");
}

/*
 * Every intermediate state of the ring while the driver adds chains:
 * nothing may look available before it is complete.
 */
static void drv_publish_order(struct pvc_ctx *ctx)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];
	uintptr_t tok = 1;

	for (uint32_t r = 0; r < 12 && !ctx->nfail; r++) {
		uint32_t n;

		for (uint32_t k = 0; k < 2; k++) {
			int ret;

			vq_trap_begin(e);
			ret = vq_drv_add(e, 2, 1, 32, tok++, 0);
			vq_trap_end(e);
			if (ret)
				pvc_error(ctx, "add failed: %d", ret);
			PVC_CHECK(ctx, e->nsnap > 0, "VQP-DRV-012", "no store to the ring observed");
			vq_trap_check(e);
			n = vq_drv_poll_all(e, b, 8);
			PVC_CHECK(ctx, n == 1, P(e) ? "VQP-DRV-044" : "VQS-DRV-009",
				  "one buffer added, the device sees %u", n);
			if (n != 1)
				return;
			vq_drv_kick(e);
			vqc_drvchk_use(e->dc, b[0].id, b[0].wlen);
			vq_drv_expect(e, tok - 1, b[0].wlen);
		}
	}
}

PVC_TEST(packed_drv_first_flags_last, "VQP-DRV-012", "needs:packed")
{
	drv_publish_order(ctx);
}

PVC_TEST(split_drv_idx_after_ring, "VQS-DRV-009", "needs:split")
{
	drv_publish_order(ctx);
}

/* A chain of exactly the queue size fits an empty ring; one more does not. */
static void drv_queue_size_chain(struct pvc_ctx *ctx, const char *id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[2];
	int ret;

	ret = vq_drv_add(e, 4, 4, 16, 1, 0);
	PVC_CHECK(ctx, ret == 0, id, "a chain of the queue size (8) was refused: %d", ret);
	if (ret)
		return;
	PVC_CHECK(ctx, vq_drv_poll_all(e, b, 2) == 1, id, "chain of 8 not seen as one buffer");
	vq_drv_kick(e);
	ret = vq_drv_add(e, 1, 0, 16, 2, 0);
	PVC_CHECK(ctx, ret == -VIRTQ_ENOSPC, P(e) ? "VQP-DRV-020" : "VQS-DRV-011",
		  "add into a full ring returned %d, not ENOSPC", ret);
	PVC_CHECK(ctx, vq_drv_poll_all(e, b, 2) == 0, P(e) ? "VQP-DRV-020" : "VQS-DRV-011",
		  "the device sees a buffer the full ring had no room for");
	vqc_drvchk_use(e->dc, b[0].id, b[0].wlen);
	vq_drv_expect(e, 1, b[0].wlen);
	ret = vq_drv_add(e, 5, 4, 16, 3, 0);
	PVC_CHECK(ctx, ret < 0, id, "a chain of 9 descriptors on a queue of 8 was accepted");
	PVC_CHECK(ctx, vq_drv_poll_all(e, b, 2) == 0, id, "a refused chain reached the ring");
}

PVC_TEST(packed_drv_queue_size_chain, "VQP-DRV-018 VQP-DRV-020", "needs:packed")
{
	drv_queue_size_chain(ctx, "VQP-DRV-018");
}

PVC_TEST(split_drv_queue_size_chain, "VQS-DRV-005 VQS-DRV-011", "needs:split")
{
	drv_queue_size_chain(ctx, "VQS-DRV-005");
}

/* Many single buffers on a tiny ring: wrap counters flip thousands of
 * times, the split 16-bit indexes wrap around. */
static void drv_long_run(struct pvc_ctx *ctx, uint32_t num, uint32_t iters)
{
	struct vq_env *e = vq_env_drv(ctx, num, 0, 0);
	struct vqc_avail_buf b[4];

	for (uint32_t i = 0; i < iters && !ctx->nfail; i++) {
		uintptr_t t1 = 2 * i + 1, t2 = 2 * i + 2;

		if (vq_drv_add(e, 1, 1, 8, t1, 0) || vq_drv_add(e, 0, 1, 8, t2, 0)) {
			pvc_fail(ctx, "FEAT-DRV-023", "add failed at iteration %u", i);
			return;
		}
		if (vq_drv_poll_all(e, b, 4) != 2) {
			pvc_fail(ctx, P(e) ? "VQP-DRV-005" : "VQS-DRV-010",
				 "iteration %u: the device does not see both buffers", i);
			return;
		}
		vq_drv_kick(e);
		/* second first: the used position moves by slot counts */
		vqc_drvchk_use(e->dc, b[1].id, 8);
		vqc_drvchk_use(e->dc, b[0].id, 8);
		vq_drv_expect(e, t2, 8);
		vq_drv_expect(e, t1, 8);
	}
}

PVC_TEST(packed_drv_wrap_many, "VQP-DRV-004 VQP-DRV-005 VQP-DRV-008 VQP-DRV-022", "needs:packed")
{
	drv_long_run(ctx, 5, 20000);
}

PVC_TEST(split_drv_idx_wrap, "VQS-DRV-010 VQS-DRV-011 VQS-DRV-034", "needs:split")
{
	drv_long_run(ctx, 4, 34000);
}

/*
 * Reset with buffers outstanding, one of them already marked used by the
 * device: nothing of it may come back as used, the ring restarts in its
 * initial state, and the queue works again.
 */
static void drv_reset(struct pvc_ctx *ctx, const char *init_id, const char *nouse_id)
{
	struct vq_env *e = vq_env_drv(ctx, 8, 0, 0);
	struct vqc_avail_buf b[8];
	uint32_t n;

	for (uintptr_t t = 1; t <= 5; t++)
		if (vq_drv_add(e, 0, 1, 16, t, 0))
			pvc_error(ctx, "add failed");
	n = vq_drv_poll_all(e, b, 8);
	if (n != 5)
		pvc_error(ctx, "device sees %u of 5 buffers", n);
	vq_drv_kick(e);
	vqc_drvchk_use(e->dc, b[0].id, 16);
	vq_drv_expect(e, 1, 16);
	vqc_drvchk_use(e->dc, b[2].id, 16);   /* used, never taken by the driver */
	n = vq_drv_reset(e);
	PVC_CHECK(ctx, n == 4, nouse_id, "detach handed back %u tokens, 4 were outstanding", n);
	PVC_CHECK(ctx, e->init_zeroed, init_id, "after reset: %s", e->init_msg);
	vq_drv_expect(e, 0, 0);
	/* the queue works from its first slot again */
	for (uintptr_t t = 10; t < 13; t++)
		if (vq_drv_add(e, 0, 2, 16, t, 0))
			pvc_fail(ctx, init_id, "add after reset failed");
	n = vq_drv_poll_all(e, b, 8);
	PVC_CHECK(ctx, n == 3, init_id, "after reset the device sees %u of 3 buffers", n);
	vq_drv_kick(e);
	for (uint32_t i = 0; i < n; i++) {
		vqc_drvchk_use(e->dc, b[i].id, 32);
		vq_drv_expect(e, 10 + i, 32);
	}
}

PVC_TEST(packed_drv_reset_midflight, "VQP-DRV-047 VQP-DRV-048", "needs:packed")
{
	drv_reset(ctx, "VQP-DRV-047", "VQP-DRV-048");
}

PVC_TEST(split_drv_reset_midflight, "VQS-DRV-030", "needs:split")
{
	drv_reset(ctx, "VQS-DRV-030", "VQS-DRV-030");
}
