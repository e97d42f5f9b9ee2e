// SPDX-License-Identifier: GPL-2.0-only
/*
 * vq_env.c - setting up and tearing down one in-process virtqueue test
 * (vq_env.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vq_env.h"
#include "pvc_wtrap.h"
#include "virtio_features.h"

#define VQ_ARENA_BYTES (8u << 20)
#define VQ_PAGE 4096u
#define VQ_MAX_SNAPS 256u

static void vq_report_fn(void *arg, enum vqc_level level, const char *id, const char *msg)
{
	struct vq_env *e = arg;

	if (level == VQC_MUST)
		pvc_fail(e->ctx, id, "%s", msg);
	else
		pvc_finding(e->ctx, id, "%s", msg);
}

static void vq_dump(void *arg, pvc_line_fn out, void *out_arg)
{
	struct vq_env *e = arg;

	if (e->dc)
		vqc_drvchk_dump(e->dc, out, out_arg);
	else if (e->vc)
		vqc_devchk_dump(e->vc, out, out_arg);
}

static void vq_cleanup(void *arg)
{
	struct vq_env *e = arg;

	pvc_wtrap_stop();
	if (e->drv)
		e->tg->drv->destroy(e->drv);
	if (e->dev)
		e->tg->dev->destroy(e->dev);
	if (e->q2.dev)
		e->tg->dev->destroy(e->q2.dev);
	free(e->q2.vc);
	free(e->reads);
	free(e->dc);
	free(e->vc);
	free(e->snaps);
	free(e->snap_off);
	pvc_mem_fini(&e->mem);
	free(e);
}

void vq_env_done(struct pvc_ctx *ctx)
{
	if (ctx->cleanup)
		ctx->cleanup(ctx->cleanup_arg);
	pvc_set_cleanup(ctx, NULL, NULL);
	pvc_set_dump(ctx, NULL, NULL);
}

bool vq_has(const struct vq_env *e, unsigned bit)
{
	return virtio_has_feature(e->features, bit);
}

static struct vq_env *vq_env_new(struct pvc_ctx *ctx, uint32_t num, uint64_t offered,
				 uint64_t want, uint64_t need)
{
	const struct pvc_target *tg = ctx->target;
	struct vq_env *e = calloc(1, sizeof(*e));
	uint64_t base = VIRTIO_BIT(VIRTIO_F_VERSION_1);

	if (!e)
		pvc_error(ctx, "out of memory");
	e->ctx = ctx;
	e->tg = tg;
	e->layout = tg->layout;
	e->num = num;
	pvc_set_cleanup(ctx, vq_cleanup, e);
	pvc_set_dump(ctx, vq_dump, e);
	if (e->layout == VIRTQ_LAYOUT_PACKED)
		base |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	if ((offered & need) != need)
		pvc_skip(ctx, "target does not offer feature bits 0x%llx",
			 (unsigned long long)(need & ~offered));
	/* FEAT-DRV-006: never more than was offered */
	e->features = offered & (want | need | base);
	if (virtq_ring_layout(e->layout, num, &e->off))
		pvc_error(ctx, "queue size %u invalid for this layout", num);
	if (pvc_mem_init(&e->mem, VQ_ARENA_BYTES))
		pvc_error(ctx, "cannot map %u bytes of test memory", VQ_ARENA_BYTES);
	e->ring_bytes = (e->off.total + VQ_PAGE - 1) & ~(size_t)(VQ_PAGE - 1);
	/* the ring alone on its pages; the rest of its last page stays guard */
	e->ring = pvc_mem_alloc(&e->mem, e->off.total, VQ_PAGE, &e->ring_gpa);
	e->nbuf = num * 16 < 8192 ? num * 16 : 8192;
	e->bufsz = VQ_SEG_BYTES;
	e->data = pvc_mem_alloc(&e->mem, (size_t)e->nbuf * e->bufsz, VQ_PAGE, &e->data_gpa);
	if (!e->ring || !e->data)
		pvc_error(ctx, "test memory too small");
	e->r.layout = e->layout;
	e->r.num = num;
	e->r.vq_index = 3;
	e->r.features = e->features;
	e->r.desc = e->ring + e->off.desc;
	e->r.driver = e->ring + e->off.driver;
	e->r.device = e->ring + e->off.device;
	e->r.mem = e->mem.base;
	e->r.mem_gpa = PVC_MEM_GPA_BASE;
	e->r.mem_size = e->mem.size;
	e->rep.fn = vq_report_fn;
	e->rep.arg = e;
	return e;
}

struct vq_env *vq_env_drv(struct pvc_ctx *ctx, uint32_t num, uint64_t want, uint64_t need)
{
	const struct pvc_drv_ops *ops = ctx->target->drv;
	struct pvc_drv_setup s;
	struct vq_env *e;
	int ret;

	if (!ops)
		pvc_skip(ctx, "target %s has no driver role", ctx->target->name);
	e = vq_env_new(ctx, num, ops->features, want, need);
	e->dc = calloc(1, sizeof(*e->dc));
	if (!e->dc || vqc_drvchk_init(e->dc, &e->r, &e->rep))
		pvc_error(ctx, "driver checker: cannot model a queue of %u", num);
	memset(&s, 0, sizeof(s));
	s.layout = e->layout;
	s.num = num;
	s.vq_index = e->r.vq_index;
	s.features = e->features;
	s.desc.va = e->r.desc;
	s.desc.dma = e->ring_gpa + e->off.desc;
	s.driver.va = e->r.driver;
	s.driver.dma = e->ring_gpa + e->off.driver;
	s.device.va = e->r.device;
	s.device.dma = e->ring_gpa + e->off.device;
	if (vq_has(e, VIRTIO_F_INDIRECT_DESC)) {
		e->ipool = pvc_mem_alloc(&e->mem, (size_t)num * VQ_MAX_INDIRECT * 16, VQ_PAGE,
					 &e->ipool_gpa);
		if (!e->ipool)
			pvc_error(ctx, "test memory too small for the indirect pool");
		s.indirect.va = e->ipool;
		s.indirect.dma = e->ipool_gpa;
		s.max_indirect = VQ_MAX_INDIRECT;
	}
	/* VQP-DRV-002 / VQS-DRV-003 are judged on this: the ring starts dirty */
	memset(e->ring, 0xee, e->off.total);
	ret = ops->create(&e->drv, &s);
	if (ret)
		pvc_fail(ctx, "FEAT-DRV-023", "driver refused a valid %s queue of %u: %d",
			 e->layout == VIRTQ_LAYOUT_PACKED ? "packed" : "split", num, ret);
	if (!e->drv)
		pvc_error(ctx, "driver under test could not be created");
	e->init_zeroed = vq_drv_ring_initial(e) == 0;
	/* the checker plays the device from here: it owns the device area */
	vqc_drvchk_reset(e->dc);
	return e;
}

struct vq_env *vq_env_dev(struct pvc_ctx *ctx, uint32_t num, uint64_t want, uint64_t need)
{
	const struct pvc_dev_ops *ops = ctx->target->dev;
	struct pvc_dev_setup s;
	struct vq_env *e;
	int ret;

	if (!ops)
		pvc_skip(ctx, "target %s has no device role", ctx->target->name);
	e = vq_env_new(ctx, num, ops->features, want, need);
	e->vc = calloc(1, sizeof(*e->vc));
	if (!e->vc || vqc_devchk_init(e->vc, &e->r, &e->rep))
		pvc_error(ctx, "device checker: cannot model a queue of %u", num);
	e->itab = pvc_mem_alloc(&e->mem, (size_t)2 * num * VQC_DEVCHK_SEGS * 16, VQ_PAGE, &e->itab_gpa);
	if (!e->itab)
		pvc_error(ctx, "test memory too small for indirect tables");
	memset(&s, 0, sizeof(s));
	s.layout = e->layout;
	s.num = num;
	s.vq_index = e->r.vq_index;
	s.features = e->features;
	s.desc_gpa = e->ring_gpa + e->off.desc;
	s.driver_gpa = e->ring_gpa + e->off.driver;
	s.device_gpa = e->ring_gpa + e->off.device;
	s.mem = &e->mem.map;
	ret = ops->create(&e->dev, &s);
	if (ret || !e->dev)
		pvc_error(ctx, "device under test could not be created: %d", ret);
	return e;
}

void vq_env_dev_q2(struct vq_env *e)
{
	struct pvc_dev_setup s;
	struct vq_env2 *q = &e->q2;
	int ret;

	q->ring = pvc_mem_alloc(&e->mem, e->off.total, VQ_PAGE, &q->ring_gpa);
	q->vc = calloc(1, sizeof(*q->vc));
	if (!q->ring || !q->vc)
		pvc_error(e->ctx, "no memory for a second queue");
	q->r = e->r;
	q->r.vq_index = (uint16_t)(e->r.vq_index + 1);
	q->r.desc = q->ring + e->off.desc;
	q->r.driver = q->ring + e->off.driver;
	q->r.device = q->ring + e->off.device;
	if (vqc_devchk_init(q->vc, &q->r, &e->rep))
		pvc_error(e->ctx, "device checker: second queue");
	memset(&s, 0, sizeof(s));
	s.layout = e->layout;
	s.num = e->num;
	s.vq_index = q->r.vq_index;
	s.features = e->features;
	s.desc_gpa = q->ring_gpa + e->off.desc;
	s.driver_gpa = q->ring_gpa + e->off.driver;
	s.device_gpa = q->ring_gpa + e->off.device;
	s.mem = &e->mem.map;
	ret = e->tg->dev->create(&q->dev, &s);
	if (ret || !q->dev)
		pvc_error(e->ctx, "second queue could not be created: %d", ret);
}

uint64_t vq_buf(struct vq_env *e, void **va)
{
	uint32_t i = e->next_buf++ % e->nbuf;

	if (va)
		*va = e->data + (size_t)i * e->bufsz;
	return e->data_gpa + (uint64_t)i * e->bufsz;
}

/* ---- driver under test ---- */

int vq_drv_add(struct vq_env *e, uint32_t out, uint32_t in, uint32_t len, uintptr_t tok,
	       uint32_t flags)
{
	struct virtq_sg sg[VQC_MAX_SEGS];

	if (out + in > VQC_MAX_SEGS || len > e->bufsz || !len)
		pvc_error(e->ctx, "test asks for an impossible buffer");
	for (uint32_t i = 0; i < out + in; i++) {
		sg[i].addr = vq_buf(e, NULL);
		sg[i].len = len;
	}
	return e->tg->drv->add(e->drv, sg, out, in, (void *)tok, flags);
}

uint32_t vq_drv_poll_all(struct vq_env *e, struct vqc_avail_buf *b, uint32_t n)
{
	uint32_t got = 0;
	struct vqc_avail_buf *tmp = NULL;

	for (;;) {
		struct vqc_avail_buf *dst = got < n ? &b[got] : NULL;
		int ret;

		if (!dst) {
			if (!tmp)
				tmp = malloc(sizeof(*tmp));
			if (!tmp)
				pvc_error(e->ctx, "out of memory");
			dst = tmp;
		}
		ret = vqc_drvchk_poll(e->dc, dst);
		if (ret <= 0)
			break;
		got++;
	}
	free(tmp);
	vqc_drvchk_owned(e->dc);
	return got;
}

bool vq_drv_kick(struct vq_env *e)
{
	bool k = e->tg->drv->kick_prepare(e->drv);
	uint32_t data = k ? e->tg->drv->notify_data(e->drv) : 0;

	vqc_drvchk_kick(e->dc, k, data);
	return k;
}

void vq_drv_expect(struct vq_env *e, uintptr_t tok, uint32_t len)
{
	uint32_t l = 0xdeadbeef;
	void *t = e->tg->drv->get(e->drv, &l);

	if (!tok) {
		PVC_CHECK(e->ctx, t == NULL, e->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-008" : "VQS-DRV-034",
			  "driver returned token %p although no used buffer is due", t);
		return;
	}
	if ((uintptr_t)t != tok || l != len)
		pvc_fail(e->ctx, e->layout == VIRTQ_LAYOUT_PACKED ? "VQP-DRV-022" : "VQS-DRV-032",
			 "driver returned token %p len %u, expected %p len %u", t, l, (void *)tok, len);
}

uint32_t vq_drv_reset(struct vq_env *e)
{
	uint32_t n = 0;

	while (e->tg->drv->detach(e->drv) != NULL && n < 2 * e->num)
		n++;
	/* what a device leaves behind: the driver re-initializes all of it */
	memset(e->ring, 0xee, e->off.total);
	e->tg->drv->reset(e->drv);
	e->init_zeroed = vq_drv_ring_initial(e) == 0;
	vqc_drvchk_reset(e->dc);
	return n;
}

int vq_drv_ring_initial(struct vq_env *e)
{
	const uint8_t *p = e->ring;

	if (e->layout == VIRTQ_LAYOUT_PACKED) {
		/* descriptor ring and both event suppression structures zero
		 * (padding between the areas belongs to no part) */
		const size_t part[3][2] = {
			{ e->off.desc, (size_t)e->num * sizeof(struct virtq_packed_desc) },
			{ e->off.driver, sizeof(struct virtq_packed_event) },
			{ e->off.device, sizeof(struct virtq_packed_event) },
		};

		for (size_t k = 0; k < 3; k++)
			for (size_t i = part[k][0]; i < part[k][0] + part[k][1]; i++)
				if (p[i]) {
					snprintf(e->init_msg, sizeof(e->init_msg),
						 "byte %zu of the ring parts is 0x%02x, not zero",
						 i, p[i]);
					return -1;
				}
		return 0;
	}
	{
		const struct virtq_split_avail *a = e->r.driver;
		const struct virtq_split_used *u = e->r.device;

		if (a->idx || u->idx || u->flags) {
			snprintf(e->init_msg, sizeof(e->init_msg),
				 "avail idx %u, used idx %u, used flags %u: not zero", a->idx, u->idx, u->flags);
			return -1;
		}
	}
	return 0;
}

/* ---- device under test ---- */

uint16_t vq_dev_add(struct vq_env *e, uint32_t out, uint32_t in, uint32_t len, bool indirect)
{
	struct vqc_seg seg[VQC_DEVCHK_SEGS];
	void *itab = NULL;
	uint64_t itab_gpa = 0;
	uint16_t id;

	if (out + in > VQC_DEVCHK_SEGS || !len || len > e->bufsz)
		pvc_error(e->ctx, "test asks for an impossible buffer");
	for (uint32_t i = 0; i < out + in; i++) {
		uint8_t *va;

		seg[i].gpa = vq_buf(e, (void **)&va);
		seg[i].len = len;
		seg[i].write = i >= out;
		/* readable: a pattern the device must leave alone; writable:
		 * a value the fill stream is unlikely to leave everywhere */
		for (uint32_t k = 0; k < len; k++)
			va[k] = seg[i].write ? 0x00 : (uint8_t)(0x77 ^ k);
	}
	if (indirect) {
		uint32_t slot = e->next_itab++ % (2 * e->num);

		itab = e->itab + (size_t)slot * VQC_DEVCHK_SEGS * 16;
		itab_gpa = e->itab_gpa + (uint64_t)slot * VQC_DEVCHK_SEGS * 16;
	}
	if (vqc_devchk_add(e->vc, seg, out + in, itab, itab_gpa, &id))
		pvc_error(e->ctx, "device checker: no room for a buffer of %u segments", out + in);
	return id;
}

int vq_dev_process(struct vq_env *e, uint32_t max, bool complete)
{
	return e->tg->dev->process(e->dev, max, complete);
}

/* VQP-DEV-016 / VQS-DEV-006: the first len bytes of the writable part
 * hold the device's stream, contiguously, in chain order. */
static void vq_check_data(struct vq_env *e, uint16_t id, uint32_t len, const char *req)
{
	const struct vqc_devchk_id *b = &e->vc->ids[id];
	uint32_t k = 0;

	for (uint32_t i = 0; i < b->nseg && k < len; i++) {
		const uint8_t *p;

		if (!b->seg[i].write)
			continue;
		p = vqc_translate(&e->r, b->seg[i].gpa, b->seg[i].len);
		for (uint32_t j = 0; j < b->seg[i].len && k < len; j++, k++)
			if (p[j] != pvc_fill_byte(id, k)) {
				pvc_fail(e->ctx, req,
					 "buffer %u: byte %u of the device-writable part is 0x%02x, not what the device wrote (0x%02x)",
					 id, k, p[j], pvc_fill_byte(id, k));
				return;
			}
	}
}

uint32_t vq_dev_collect(struct vq_env *e, uint16_t *ids, uint32_t max)
{
	bool packed = e->layout == VIRTQ_LAYOUT_PACKED;
	struct vqc_used *u = malloc(sizeof(*u));
	uint32_t got = 0;

	if (!u)
		pvc_error(e->ctx, "out of memory");
	while (vqc_devchk_collect(e->vc, u) > 0) {
		uint32_t shown = u->count < VQC_USED_IDS ? u->count : VQC_USED_IDS;

		for (uint32_t j = 0; j < shown; j++) {
			uint16_t o = u->ids[j];
			uint32_t w = e->vc->ids[o].wlen;

			if (j + 1 < u->count) {
				/* folded into a batch: must be fully written */
				vq_check_data(e, o, w, packed ? "VQP-DEV-022" : "VQS-DEV-011");
			} else {
				PVC_CHECK(e->ctx, u->len == w, packed ? "VQP-DEV-016" : "VQS-DEV-006",
					  "buffer %u: used len %u, but the device wrote all %u writable bytes",
					  o, u->len, w);
				vq_check_data(e, o, u->len < w ? u->len : w,
					      packed ? "VQP-DEV-016" : "VQS-DEV-006");
			}
			if (got < max)
				ids[got] = o;
			got++;
		}
	}
	free(u);
	return got;
}

bool vq_dev_notify(struct vq_env *e)
{
	bool n = e->tg->dev->should_notify(e->dev);

	vqc_devchk_notified(e->vc, n);
	vqc_devchk_check_dev_evt(e->vc);
	return n;
}

void vq_guard(struct vq_env *e, const char *id)
{
	long off = pvc_mem_guard_check(&e->mem);

	PVC_CHECK(e->ctx, off < 0, id,
		  "memory at guest address 0x%llx, outside every ring part and buffer, was written",
		  (unsigned long long)(PVC_MEM_GPA_BASE + (uint64_t)off));
}

/* ---- snapshots ---- */

static void vq_on_store(void *arg, size_t off, bool write)
{
	struct vq_env *e = arg;

	if (e->reading) {
		if (!write && off < e->ring_bytes && e->reads[off] < UINT16_MAX)
			e->reads[off]++;
		return;
	}

	if (e->nsnap == e->maxsnap) {
		e->snap_overflow = true;
		return;
	}
	e->snap_off[e->nsnap] = off;
	memcpy(e->snaps + (size_t)e->nsnap++ * e->ring_bytes, e->ring, e->ring_bytes);
}

void vq_trap_begin(struct vq_env *e)
{
	if (!pvc_wtrap_supported())
		pvc_skip(e->ctx, "store-by-store observation needs x86-64 Linux");
	if (!e->snaps) {
		e->maxsnap = VQ_MAX_SNAPS;
		e->snaps = malloc((size_t)e->maxsnap * e->ring_bytes);
		e->snap_off = malloc((size_t)e->maxsnap * sizeof(*e->snap_off));
		if (!e->snaps || !e->snap_off)
			pvc_error(e->ctx, "out of memory for snapshots");
	}
	e->nsnap = 0;
	e->snap_overflow = false;
	e->reading = false;
	if (pvc_wtrap_start(e->ring, e->ring_bytes, false, vq_on_store, e))
		pvc_error(e->ctx, "cannot write-protect the ring");
}

void vq_trap_reads_begin(struct vq_env *e)
{
	if (!pvc_wtrap_supported())
		pvc_skip(e->ctx, "load-by-load observation needs x86-64 Linux");
	if (!e->reads)
		e->reads = malloc(e->ring_bytes * sizeof(*e->reads));
	if (!e->reads)
		pvc_error(e->ctx, "out of memory");
	memset(e->reads, 0, e->ring_bytes * sizeof(*e->reads));
	e->reading = true;
	if (pvc_wtrap_start(e->ring, e->ring_bytes, true, vq_on_store, e))
		pvc_error(e->ctx, "cannot protect the ring");
}

void vq_trap_end(struct vq_env *e)
{
	pvc_wtrap_stop();
	if (e->snap_overflow)
		pvc_error(e->ctx, "more than %u stores in one observed call", e->maxsnap);
}

/*
 * split: an index store publishes positions [start, idx); a later store
 * to the ring entry (or, for the driver, a descriptor of a chain) at one
 * of those positions means the element was published before it was
 * written, whatever the values (VQS-DRV-009, VQS-DEV-005).
 */
static void vq_trap_split_order(struct vq_env *e)
{
	bool drv = e->dc != NULL;
	size_t area = drv ? e->off.driver : e->off.device;
	size_t ring0 = area + 4, esz = drv ? 2 : 8;
	uint16_t start = drv ? e->dc->avail_idx : e->vc->used_idx;
	uint32_t published = 0;              /* positions covered so far */
	const char *id = drv ? "VQS-DRV-009" : "VQS-DEV-005";
	uint8_t *covered = calloc(e->num, 1);  /* descriptors of published chains */

	if (!covered)
		pvc_error(e->ctx, "out of memory");
	for (uint32_t i = 0; i < e->nsnap && !e->ctx->nfail; i++) {
		const uint8_t *s = e->snaps + (size_t)i * e->ring_bytes;
		size_t off = e->snap_off[i];

		if (off >= area + 2 && off < area + 4) {
			uint16_t idx;

			memcpy(&idx, s + area + 2, 2);
			if ((uint16_t)(idx - start) > published && (uint16_t)(idx - start) <= e->num) {
				published = (uint16_t)(idx - start);
				/* the chains now published, as the final ring has them */
				for (uint32_t p = 0; drv && p < published; p++) {
					const struct virtq_split_avail *a = e->r.driver;
					const struct virtq_split_desc *d = e->r.desc;
					uint16_t h = a->ring[(uint16_t)(start + p) % e->num];

					for (uint32_t n = 0; h < e->num && n < e->num; n++) {
						covered[h] = 1;
						if (!(d[h].flags & VIRTQ_SPLIT_F_NEXT))
							break;
						h = d[h].next;
					}
				}
			}
		} else if (off >= ring0 && off < ring0 + esz * e->num) {
			uint32_t slot = (uint32_t)((off - ring0) / esz);
			uint32_t pos = (slot + e->num - start % e->num) % e->num;

			if (pos < published)
				pvc_fail(e->ctx, id, "ring entry %u written after the index that publishes it (store %u of %u)",
					 slot, i + 1, e->nsnap);
		} else if (drv && off < 16u * e->num && covered[off / 16]) {
			pvc_fail(e->ctx, id, "descriptor %zu written after the index that publishes it (store %u of %u)",
				 off / 16, i + 1, e->nsnap);
		}
	}
	free(covered);
}

void vq_trap_check(struct vq_env *e)
{
	if (e->layout == VIRTQ_LAYOUT_SPLIT)
		vq_trap_split_order(e);
	for (uint32_t i = 0; i < e->nsnap; i++) {
		const uint8_t *s = e->snaps + (size_t)i * e->ring_bytes;
		int ret = e->dc ? vqc_drvchk_snapshot(e->dc, s + e->off.desc, s + e->off.driver)
				: vqc_devchk_snapshot(e->vc, s + e->off.desc, s + e->off.device);

		if (ret) {
			pvc_diag(e->ctx, "after store %u of %u", i + 1, e->nsnap);
			return;
		}
	}
}

uint32_t vq_rand(uint32_t *state)
{
	/* xorshift32 */
	uint32_t x = *state ? *state : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}
