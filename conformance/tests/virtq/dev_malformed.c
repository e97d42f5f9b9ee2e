// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev_malformed.c - a device under test fed malformed rings, one class of
 * violation at a time (reference/include/virtq_err.h): it must stop, take
 * nothing, write nothing (ring, buffers, anything else), need a reset,
 * and work again after one.
 */
#include <stdlib.h>
#include <string.h>
#include "vq_env.h"
#include "virtio_features.h"

#define P(e) ((e)->layout == VIRTQ_LAYOUT_PACKED)

struct mcase {
	const char *name;
	int err;                        /* the VIRTQ_E* class, for the diagnostic */
	void (*build)(struct vq_env *e);
};

/* ---- packed builders: descriptor k after the next available slot ---- */

static uint64_t buf(struct vq_env *e) { return vq_buf(e, NULL); }

static void p_one(struct vq_env *e, uint64_t addr, uint32_t len, uint16_t id, uint16_t flags)
{
	vqc_devchk_raw_packed(e->vc, 0, addr, len, id, flags, true);
}

/* A table at the device checker's table area, entries as given. */
static uint64_t table(struct vq_env *e, uint32_t n, const uint16_t *flags, const uint32_t *lens)
{
	uint8_t *t = e->itab + 8 * VQC_DEVCHK_SEGS * 16;
	uint64_t gpa = e->itab_gpa + 8 * VQC_DEVCHK_SEGS * 16;

	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = buf(e);
		uint32_t l = lens ? lens[i] : 16;
		uint16_t f = flags ? flags[i] : VIRTQ_DESC_F_WRITE;

		if (P(e)) {
			struct virtq_packed_desc d = { a, l, 0, f };

			memcpy(t + 16 * i, &d, 16);
		} else {
			struct virtq_split_desc d = { a, l, f, (uint16_t)(i + 1) };

			memcpy(t + 16 * i, &d, 16);
		}
	}
	return gpa;
}

static void pk_addr_outside(struct vq_env *e) { p_one(e, 0x1000, 16, 0, VIRTQ_DESC_F_WRITE); }
static void pk_addr_overflow(struct vq_env *e) { p_one(e, ~0ull - 15, 0x100, 0, VIRTQ_DESC_F_WRITE); }
static void pk_addr_straddle(struct vq_env *e)
{
	p_one(e, PVC_MEM_GPA_BASE + e->mem.size - 8, 64, 0, VIRTQ_DESC_F_WRITE);
}
static void pk_zerolen(struct vq_env *e) { p_one(e, buf(e), 0, 0, 0); }
static void pk_zerolen_ind(struct vq_env *e)
{
	static const uint32_t lens[2] = { 16, 0 };

	p_one(e, table(e, 2, NULL, lens), 32, 0, VIRTQ_DESC_F_INDIRECT);
}
static void pk_chainlen_ind(struct vq_env *e)
{
	p_one(e, table(e, e->num + 1, NULL, NULL), 16 * (e->num + 1), 0, VIRTQ_DESC_F_INDIRECT);
}
static void pk_indnext(struct vq_env *e)
{
	vqc_devchk_raw_packed(e->vc, 1, buf(e), 16, 0, VIRTQ_DESC_F_WRITE, true);
	p_one(e, table(e, 2, NULL, NULL), 32, 0, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT);
}
static void pk_ind_in_chain(struct vq_env *e)
{
	vqc_devchk_raw_packed(e->vc, 1, table(e, 2, NULL, NULL), 32, 0, VIRTQ_DESC_F_INDIRECT, true);
	p_one(e, buf(e), 16, 0, VIRTQ_DESC_F_NEXT);
}
static void pk_nested(struct vq_env *e)
{
	static const uint16_t fl[2] = { 0, VIRTQ_DESC_F_INDIRECT };

	p_one(e, table(e, 2, fl, NULL), 32, 0, VIRTQ_DESC_F_INDIRECT);
}
static void pk_indlen0(struct vq_env *e) { p_one(e, table(e, 1, NULL, NULL), 0, 0, VIRTQ_DESC_F_INDIRECT); }
static void pk_indlen24(struct vq_env *e) { p_one(e, table(e, 2, NULL, NULL), 24, 0, VIRTQ_DESC_F_INDIRECT); }
static void pk_indfeat(struct vq_env *e) { p_one(e, table(e, 2, NULL, NULL), 32, 0, VIRTQ_DESC_F_INDIRECT); }
static void pk_wrorder(struct vq_env *e)
{
	vqc_devchk_raw_packed(e->vc, 1, buf(e), 16, 0, 0, true);
	p_one(e, buf(e), 16, 0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT);
}
static void pk_wrorder_ind(struct vq_env *e)
{
	static const uint16_t fl[2] = { VIRTQ_DESC_F_WRITE, 0 };

	p_one(e, table(e, 2, fl, NULL), 32, 0, VIRTQ_DESC_F_INDIRECT);
}
static void pk_badid(struct vq_env *e) { p_one(e, buf(e), 16, (uint16_t)e->num, VIRTQ_DESC_F_WRITE); }
static void pk_dupid(struct vq_env *e)
{
	uint16_t id = vq_dev_add(e, 0, 1, 16, false);

	if (vq_dev_process(e, 8, false) != 1)
		pvc_error(e->ctx, "the valid buffer before the duplicate was not taken");
	vqc_devchk_raw_packed(e->vc, 0, buf(e), 16, id, VIRTQ_DESC_F_WRITE, true);
}
static void pk_notavail(struct vq_env *e)
{
	vqc_devchk_raw_packed(e->vc, 1, buf(e), 16, 0, VIRTQ_DESC_F_WRITE, false);
	p_one(e, buf(e), 16, 0, VIRTQ_DESC_F_NEXT);
}
static void pk_chain_past_end(struct vq_env *e)
{
	/* every slot chained with NEXT: the chain runs into the next lap */
	for (uint32_t k = e->num; k-- > 1;)
		vqc_devchk_raw_packed(e->vc, k, buf(e), 16, 0, VIRTQ_DESC_F_NEXT, true);
	p_one(e, buf(e), 16, 0, VIRTQ_DESC_F_NEXT);
}

/* ---- split builders: descriptors 0.., then the avail ring entry ---- */

static void s_desc(struct vq_env *e, uint16_t i, uint64_t a, uint32_t l, uint16_t f, uint16_t n)
{
	vqc_devchk_raw_split_desc(e->vc, i, a, l, f, n);
}

static void sp_addr_outside(struct vq_env *e) { s_desc(e, 0, 0x1000, 16, VIRTQ_SPLIT_F_WRITE, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_addr_overflow(struct vq_env *e) { s_desc(e, 0, ~0ull - 15, 0x100, VIRTQ_SPLIT_F_WRITE, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_addr_straddle(struct vq_env *e)
{
	s_desc(e, 0, PVC_MEM_GPA_BASE + e->mem.size - 8, 64, VIRTQ_SPLIT_F_WRITE, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_zerolen(struct vq_env *e) { s_desc(e, 0, buf(e), 0, 0, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_zerolen_ind(struct vq_env *e)
{
	static const uint32_t lens[2] = { 16, 0 };
	static const uint16_t fl[2] = { VIRTQ_SPLIT_F_NEXT, 0 };

	s_desc(e, 0, table(e, 2, fl, lens), 32, VIRTQ_SPLIT_F_INDIRECT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_loop(struct vq_env *e)
{
	s_desc(e, 0, buf(e), 16, VIRTQ_SPLIT_F_NEXT, 1);
	s_desc(e, 1, buf(e), 16, VIRTQ_SPLIT_F_NEXT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_chainlen_ind(struct vq_env *e)
{
	uint16_t fl[16];

	for (uint32_t i = 0; i < 16; i++)
		fl[i] = i < e->num ? VIRTQ_SPLIT_F_NEXT : 0;
	s_desc(e, 0, table(e, e->num + 1, fl, NULL), 16 * (e->num + 1), VIRTQ_SPLIT_F_INDIRECT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_indnext(struct vq_env *e)
{
	s_desc(e, 1, buf(e), 16, VIRTQ_SPLIT_F_WRITE, 0);
	s_desc(e, 0, table(e, 1, NULL, NULL), 16, VIRTQ_SPLIT_F_INDIRECT | VIRTQ_SPLIT_F_NEXT, 1);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_nested(struct vq_env *e)
{
	static const uint16_t fl[2] = { VIRTQ_SPLIT_F_NEXT, VIRTQ_SPLIT_F_INDIRECT };

	s_desc(e, 0, table(e, 2, fl, NULL), 32, VIRTQ_SPLIT_F_INDIRECT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_indlen0(struct vq_env *e) { s_desc(e, 0, table(e, 1, NULL, NULL), 0, VIRTQ_SPLIT_F_INDIRECT, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_indlen24(struct vq_env *e) { s_desc(e, 0, table(e, 2, NULL, NULL), 24, VIRTQ_SPLIT_F_INDIRECT, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_indfeat(struct vq_env *e) { s_desc(e, 0, table(e, 1, NULL, NULL), 16, VIRTQ_SPLIT_F_INDIRECT, 0); vqc_devchk_raw_split_avail(e->vc, 0); }
static void sp_wrorder(struct vq_env *e)
{
	s_desc(e, 0, buf(e), 16, VIRTQ_SPLIT_F_WRITE | VIRTQ_SPLIT_F_NEXT, 1);
	s_desc(e, 1, buf(e), 16, 0, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_wrorder_ind(struct vq_env *e)
{
	static const uint16_t fl[2] = { VIRTQ_SPLIT_F_WRITE | VIRTQ_SPLIT_F_NEXT, 0 };

	s_desc(e, 0, table(e, 2, fl, NULL), 32, VIRTQ_SPLIT_F_INDIRECT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_head_range(struct vq_env *e) { vqc_devchk_raw_split_avail(e->vc, (uint16_t)e->num); }
static void sp_head_dup(struct vq_env *e)
{
	uint16_t id = vq_dev_add(e, 0, 1, 16, false);

	if (vq_dev_process(e, 8, false) != 1)
		pvc_error(e->ctx, "the valid buffer before the duplicate was not taken");
	vqc_devchk_raw_split_avail(e->vc, id);
}
static void sp_next_range(struct vq_env *e)
{
	s_desc(e, 0, buf(e), 16, VIRTQ_SPLIT_F_NEXT, (uint16_t)(e->num + 1));
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_ind_next_range(struct vq_env *e)
{
	static const uint16_t fl[2] = { VIRTQ_SPLIT_F_NEXT | VIRTQ_SPLIT_F_WRITE, VIRTQ_SPLIT_F_WRITE };
	uint64_t t = table(e, 2, fl, NULL);
	struct virtq_split_desc *d = (void *)(e->itab + 8 * VQC_DEVCHK_SEGS * 16);

	d[0].next = 5;
	s_desc(e, 0, t, 32, VIRTQ_SPLIT_F_INDIRECT, 0);
	vqc_devchk_raw_split_avail(e->vc, 0);
}
static void sp_avail_idx_jump(struct vq_env *e)
{
	s_desc(e, 0, buf(e), 16, VIRTQ_SPLIT_F_WRITE, 0);
	vqc_devchk_raw_split_idx(e->vc, (uint16_t)(e->vc->avail_idx + e->num + 1));
}

/* Run the cases; every check names its requirement. */
static void run_cases(struct pvc_ctx *ctx, uint64_t want, uint64_t need, const struct mcase *mc,
		      const char *const *ids, uint32_t n)
{
	struct vq_env *e = vq_env_dev(ctx, 8, want, need);
	const char *stop_id = P(e) ? "VQP-DEV-038" : "VQS-DEV-022";
	const char *guard_id = P(e) ? "VQP-DEV-051" : "VQS-DEV-035";
	size_t dlen = (size_t)e->nbuf * e->bufsz;
	uint8_t *ring0 = malloc(e->off.total), *data0 = malloc(dlen);
	uint16_t got[8];

	if (!ring0 || !data0)
		pvc_error(ctx, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		int ret, err;

		/* start some cases in the middle of the ring */
		if (i & 1) {
			vq_dev_add(e, 1, 1, 8, false);
			vq_dev_process(e, 8, true);
			vq_dev_collect(e, got, 8);
		}
		mc[i].build(e);
		memcpy(ring0, e->ring, e->off.total);
		memcpy(data0, e->data, dlen);
		ret = vq_dev_process(e, 8, true);
		err = e->tg->dev->error(e->dev);
		PVC_CHECK(ctx, ret < 0, ids[i], "%s: the device took the malformed ring (%d)", mc[i].name, ret);
		PVC_CHECK(ctx, err != 0, stop_id, "%s: the device does not need a reset", mc[i].name);
		if (err && err != -mc[i].err)
			pvc_finding(ctx, P(e) ? "VQP-DEV-052" : "VQS-DEV-043",
				    "%s: the device reported %s for a %s violation", mc[i].name,
				    virtq_strerror(err), virtq_strerror(mc[i].err));
		PVC_CHECK(ctx, !memcmp(ring0, e->ring, e->off.total), stop_id,
			  "%s: the device wrote the ring while rejecting it", mc[i].name);
		PVC_CHECK(ctx, !memcmp(data0, e->data, dlen), guard_id,
			  "%s: the device wrote a buffer while rejecting the ring", mc[i].name);
		/* stopped: another notification changes nothing */
		ret = vq_dev_process(e, 8, true);
		PVC_CHECK(ctx, ret <= 0 && !memcmp(ring0, e->ring, e->off.total), stop_id,
			  "%s: the device went on processing after the violation (%d)", mc[i].name, ret);
		(void)e->tg->dev->should_notify(e->dev);
		vq_guard(e, guard_id);
		/* reset and recovery */
		e->tg->dev->reset(e->dev);
		memset(e->ring, 0, e->off.total);
		vqc_devchk_reset(e->vc);
		vq_dev_add(e, 1, 1, 8, false);
		PVC_CHECK(ctx, vq_dev_process(e, 8, true) == 1, stop_id,
			  "%s: after reset a valid buffer was not taken (error %d)", mc[i].name,
			  e->tg->dev->error(e->dev));
		PVC_CHECK(ctx, vq_dev_collect(e, got, 8) == 1, stop_id,
			  "%s: after reset a valid buffer did not come back", mc[i].name);
		if (ctx->nfail)
			break;
	}
	free(ring0);
	free(data0);
}

#define CASES(arr) arr, arr##_ids, sizeof(arr) / sizeof(arr[0])

static const struct mcase pk_plain[] = {
	{ "address outside memory", VIRTQ_EADDR, pk_addr_outside },
	{ "address + len overflows", VIRTQ_EADDR, pk_addr_overflow },
	{ "buffer runs past the end of memory", VIRTQ_EADDR, pk_addr_straddle },
	{ "zero length", VIRTQ_EZEROLEN, pk_zerolen },
	{ "writable before readable", VIRTQ_EWRORDER, pk_wrorder },
	{ "Buffer ID >= queue size", VIRTQ_EBADID, pk_badid },
	{ "Buffer ID outstanding", VIRTQ_EDUPID, pk_dupid },
	{ "NEXT into an unavailable slot", VIRTQ_ENOTAVAIL, pk_notavail },
	{ "chain longer than the ring", VIRTQ_ECHAINLEN, pk_chain_past_end },
};
static const char *const pk_plain_ids[] = {
	"VQP-DEV-040", "VQP-DEV-040", "VQP-DEV-040", "VQP-DEV-041", "VQP-DEV-047",
	"VQP-DEV-048", "VQP-DEV-049", "VQP-DEV-050", "VQP-DEV-042",
};

PVC_TEST(packed_dev_malformed, "VQP-DEV-038 VQP-DEV-040 VQP-DEV-041 VQP-DEV-042 VQP-DEV-047 VQP-DEV-048 VQP-DEV-049 VQP-DEV-050 VQP-DEV-051 VQP-DEV-052 FEAT-DEV-003", "needs:packed")
{
	run_cases(ctx, 0, 0, CASES(pk_plain));
}

static const struct mcase pk_ind[] = {
	{ "zero-length table entry", VIRTQ_EZEROLEN, pk_zerolen_ind },
	{ "table longer than the queue", VIRTQ_ECHAINLEN, pk_chainlen_ind },
	{ "INDIRECT with NEXT", VIRTQ_EINDNEXT, pk_indnext },
	{ "INDIRECT inside a chain", VIRTQ_EINDNEXT, pk_ind_in_chain },
	{ "INDIRECT inside a table", VIRTQ_ENESTED, pk_nested },
	{ "table length 0", VIRTQ_EINDLEN, pk_indlen0 },
	{ "table length 24", VIRTQ_EINDLEN, pk_indlen24 },
	{ "table: writable before readable", VIRTQ_EWRORDER, pk_wrorder_ind },
};
static const char *const pk_ind_ids[] = {
	"VQP-DEV-041", "VQP-DEV-042", "VQP-DEV-043", "VQP-DEV-043", "VQP-DEV-044",
	"VQP-DEV-045", "VQP-DEV-045", "VQP-DEV-047",
};

PVC_TEST(packed_dev_malformed_indirect, "VQP-DEV-038 VQP-DEV-041 VQP-DEV-042 VQP-DEV-043 VQP-DEV-044 VQP-DEV-045 VQP-DEV-047 VQP-DEV-051", "needs:packed needs:indirect")
{
	run_cases(ctx, 0, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), CASES(pk_ind));
}

static const struct mcase pk_nofeat[] = {
	{ "INDIRECT without the feature", VIRTQ_EINDFEAT, pk_indfeat },
};
static const char *const pk_nofeat_ids[] = { "VQP-DEV-046" };

PVC_TEST(packed_dev_malformed_indirect_feature, "VQP-DEV-046 VQP-DEV-038 FEAT-DEV-010", "needs:packed")
{
	run_cases(ctx, 0, 0, CASES(pk_nofeat));
}

static const struct mcase sp_plain[] = {
	{ "address outside memory", VIRTQ_EADDR, sp_addr_outside },
	{ "address + len overflows", VIRTQ_EADDR, sp_addr_overflow },
	{ "buffer runs past the end of memory", VIRTQ_EADDR, sp_addr_straddle },
	{ "zero length", VIRTQ_EZEROLEN, sp_zerolen },
	{ "chain loops", VIRTQ_ECHAINLEN, sp_loop },
	{ "writable before readable", VIRTQ_EWRORDER, sp_wrorder },
	{ "head >= queue size", VIRTQ_EDESCIDX, sp_head_range },
	{ "head outstanding", VIRTQ_EDUPID, sp_head_dup },
	{ "next >= queue size", VIRTQ_EDESCIDX, sp_next_range },
	{ "avail idx jumps by more than the queue", VIRTQ_EAVAILIDX, sp_avail_idx_jump },
};
static const char *const sp_plain_ids[] = {
	"VQS-DEV-024", "VQS-DEV-024", "VQS-DEV-024", "VQS-DEV-025", "VQS-DEV-026",
	"VQS-DEV-031", "VQS-DEV-032", "VQS-DEV-032", "VQS-DEV-034", "VQS-DEV-033",
};

PVC_TEST(split_dev_malformed, "VQS-DEV-022 VQS-DEV-024 VQS-DEV-025 VQS-DEV-026 VQS-DEV-031 VQS-DEV-032 VQS-DEV-033 VQS-DEV-034 VQS-DEV-035 VQS-DEV-043 FEAT-DEV-003", "needs:split")
{
	run_cases(ctx, 0, 0, CASES(sp_plain));
}

static const struct mcase sp_ind[] = {
	{ "zero-length table entry", VIRTQ_EZEROLEN, sp_zerolen_ind },
	{ "table longer than the queue", VIRTQ_ECHAINLEN, sp_chainlen_ind },
	{ "INDIRECT with NEXT", VIRTQ_EINDNEXT, sp_indnext },
	{ "INDIRECT inside a table", VIRTQ_ENESTED, sp_nested },
	{ "table length 0", VIRTQ_EINDLEN, sp_indlen0 },
	{ "table length 24", VIRTQ_EINDLEN, sp_indlen24 },
	{ "table: writable before readable", VIRTQ_EWRORDER, sp_wrorder_ind },
	{ "table: next outside the table", VIRTQ_EDESCIDX, sp_ind_next_range },
};
static const char *const sp_ind_ids[] = {
	"VQS-DEV-025", "VQS-DEV-026", "VQS-DEV-027", "VQS-DEV-028", "VQS-DEV-029",
	"VQS-DEV-029", "VQS-DEV-031", "VQS-DEV-034",
};

PVC_TEST(split_dev_malformed_indirect, "VQS-DEV-022 VQS-DEV-025 VQS-DEV-026 VQS-DEV-027 VQS-DEV-028 VQS-DEV-029 VQS-DEV-031 VQS-DEV-034 VQS-DEV-035", "needs:split needs:indirect")
{
	run_cases(ctx, 0, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), CASES(sp_ind));
}

static const struct mcase sp_nofeat[] = {
	{ "INDIRECT without the feature", VIRTQ_EINDFEAT, sp_indfeat },
};
static const char *const sp_nofeat_ids[] = { "VQS-DEV-030" };

PVC_TEST(split_dev_malformed_indirect_feature, "VQS-DEV-030 VQS-DEV-022 FEAT-DEV-010", "needs:split")
{
	run_cases(ctx, 0, 0, CASES(sp_nofeat));
}
