// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer_run.c - drive the reference virtqueue pair under pvc_wtrap and
 * count cache-line transfers (clxfer_run.h).
 *
 * The block that holds the rings (and the indirect tables) gets its own
 * pages from mmap, so that the trap sees exactly the ring accesses: private
 * state and payload live elsewhere and are not watched.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "virtq_drv.h"
#include "virtq_dev.h"
#include "virtio_features.h"
#include "pvc_wtrap.h"
#include "clxfer_area.h"
#include "clxfer_run.h"

#define CLX_RING_GPA  0x10000000ull
#define CLX_DATA_GPA  0x80000000ull
#define CLX_SEG_BYTES 64u
#define CLX_MAX_SG    16u
#define CLX_TRACE_MAX 8192u

struct clx_trace_rec {
	uint32_t off;
	uint8_t side, write, kind, cat;
};

struct clx_ctx {
	struct clx_model *model;
	struct clx_areas areas;
	volatile sig_atomic_t side;     /* who is running: CLX_DRV or CLX_DEV */
	volatile sig_atomic_t tracing;
	uint32_t ntrace;
	struct clx_trace_rec trace[CLX_TRACE_MAX];
};

/* Runs in signal context after each watched load or store: pure bookkeeping. */
static void clx_on_access(void *arg, size_t off, bool write)
{
	struct clx_ctx *c = arg;
	enum clx_cat cat = clx_area_classify(&c->areas, off);
	enum clx_kind k = clx_model_access(c->model, off / CLX_LINE, (enum clx_side)c->side,
					   write, cat);

	if (c->tracing && c->ntrace < CLX_TRACE_MAX)
		c->trace[c->ntrace++] = (struct clx_trace_rec){
			(uint32_t)off, (uint8_t)c->side, write, (uint8_t)k, (uint8_t)cat };
}

/* Print and forget the recorded accesses (outside signal context). */
static void clx_trace_print(struct clx_ctx *c, uint64_t round)
{
	static const char *const kinds[CLX_NKINDS] = { "hit", "cold", "TRANSFER", "upgrade" };

	for (uint32_t i = 0; i < c->ntrace; i++) {
		const struct clx_trace_rec *t = &c->trace[i];

		printf("  trace round %llu %s %-5s off %5u line %4u %-16s %s\n",
		       (unsigned long long)round, t->side == CLX_DRV ? "drv" : "dev",
		       t->write ? "store" : "load", t->off, t->off / CLX_LINE,
		       clx_cat_name((enum clx_cat)t->cat), kinds[t->kind]);
	}
	if (c->ntrace == CLX_TRACE_MAX)
		printf("  trace round %llu: truncated\n", (unsigned long long)round);
	c->ntrace = 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

struct clx_mem {
	unsigned char *block, *data;
	size_t block_bytes, data_bytes;
	void *drv_priv, *dev_priv;
	struct clx_line_state *lines;
	struct virtq_mem_region regions[2];
	struct virtq_memmap map;
};

static void clx_mem_free(struct clx_mem *mm)
{
	if (mm->block)
		munmap(mm->block, mm->block_bytes);
	free(mm->data);
	free(mm->drv_priv);
	free(mm->dev_priv);
	free(mm->lines);
}

static uint64_t clx_features(const struct clx_cfg *cfg)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_F_VERSION_1);

	if (cfg->layout == VIRTQ_LAYOUT_PACKED)
		f |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	if (cfg->in_order)
		f |= VIRTIO_BIT(VIRTIO_F_IN_ORDER);
	if (cfg->indirect)
		f |= VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	if (cfg->notify == CLX_NOTIFY_EVENT_IDX)
		f |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	return f;
}

int clx_place(unsigned layout, uint32_t num, bool compact, struct virtq_ring_offsets *o)
{
	/* aligned: virtq_ring_layout(), every area on a line of its own */
	if (virtq_ring_layout(layout, num, o))
		return -1;
	if (!compact)
		return 0;
	/* compact: the spec's minimum alignments, areas back to back */
	if (layout == VIRTQ_LAYOUT_PACKED) {
		o->driver = virtq_packed_desc_bytes(num);
		o->device = o->driver + sizeof(struct virtq_packed_event);
		o->total = virtq_align_up(o->device + sizeof(struct virtq_packed_event), 16);
	} else {
		o->driver = virtq_split_desc_bytes(num);
		o->device = virtq_align_up(o->driver + virtq_split_avail_bytes(num),
					   VIRTQ_SPLIT_USED_ALIGN);
		o->total = virtq_align_up(o->device + virtq_split_used_bytes(num), 16);
	}
	return 0;
}

/* Place the ring areas and the indirect pool; set up both sides. */
static int clx_setup(const struct clx_cfg *cfg, struct clx_mem *mm, struct clx_ctx *ctx,
		     struct virtq_drv *drv, struct virtq_dev *dev, char *err, size_t errlen)
{
	struct clx_areas *a = &ctx->areas;
	struct virtq_drv_cfg dc;
	struct virtq_dev_cfg vc;
	size_t dpriv, vpriv;
	void *p;
	int r;

	a->layout = cfg->layout;
	a->num = cfg->num;
	if (clx_place(cfg->layout, cfg->num, cfg->compact, &a->ring))
		return fail(err, errlen, "queue size %u not valid for this layout", cfg->num);
	a->ind_off = virtq_align_up(a->ring.total, CLX_LINE);
	a->ind_bytes = cfg->indirect ? (size_t)cfg->num * cfg->sg * 16u : 0;
	mm->block_bytes = virtq_align_up(a->ind_off + a->ind_bytes, 4096);
	p = mmap(NULL, mm->block_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail(err, errlen, "mmap of %zu bytes failed", mm->block_bytes);
	mm->block = p;
	mm->data_bytes = (size_t)cfg->num * cfg->sg * CLX_SEG_BYTES;
	mm->data = calloc(1, mm->data_bytes);
	dpriv = virtq_drv_priv_size(cfg->layout, cfg->num);
	vpriv = virtq_dev_priv_size(cfg->layout, cfg->num);
	mm->drv_priv = aligned_alloc(64, virtq_align_up(dpriv, 64));
	mm->dev_priv = aligned_alloc(64, virtq_align_up(vpriv, 64));
	mm->lines = calloc(mm->block_bytes / CLX_LINE, sizeof(*mm->lines));
	if (!mm->data || !mm->drv_priv || !mm->dev_priv || !mm->lines)
		return fail(err, errlen, "out of memory");
	mm->regions[0] = (struct virtq_mem_region){ CLX_RING_GPA, mm->block_bytes, mm->block };
	mm->regions[1] = (struct virtq_mem_region){ CLX_DATA_GPA, mm->data_bytes, mm->data };
	mm->map.regions = mm->regions;
	mm->map.nregions = 2;

	memset(&dc, 0, sizeof(dc));
	dc.layout = cfg->layout;
	dc.num = cfg->num;
	dc.features = clx_features(cfg);
	dc.desc.va = mm->block + a->ring.desc;
	dc.desc.dma = CLX_RING_GPA + a->ring.desc;
	dc.driver.va = mm->block + a->ring.driver;
	dc.driver.dma = CLX_RING_GPA + a->ring.driver;
	dc.device.va = mm->block + a->ring.device;
	dc.device.dma = CLX_RING_GPA + a->ring.device;
	dc.priv = mm->drv_priv;
	dc.priv_size = dpriv;
	if (cfg->indirect) {
		dc.indirect.va = mm->block + a->ind_off;
		dc.indirect.dma = CLX_RING_GPA + a->ind_off;
		dc.max_indirect = cfg->sg;
	}
	r = virtq_drv_init(drv, &dc);
	if (r)
		return fail(err, errlen, "virtq_drv_init: %s", virtq_strerror(r));

	memset(&vc, 0, sizeof(vc));
	vc.layout = cfg->layout;
	vc.num = cfg->num;
	vc.features = dc.features;
	vc.desc_gpa = dc.desc.dma;
	vc.driver_gpa = dc.driver.dma;
	vc.device_gpa = dc.device.dma;
	vc.mem = &mm->map;
	vc.priv = mm->dev_priv;
	vc.priv_size = vpriv;
	r = virtq_dev_init(dev, &vc);
	if (r)
		return fail(err, errlen, "virtq_dev_init: %s", virtq_strerror(r));
	return 0;
}

/* One round of B buffers; the side is switched before each phase. */
static int clx_round(const struct clx_cfg *cfg, struct clx_ctx *ctx,
		     struct virtq_drv *drv, struct virtq_dev *dev, uint64_t *seq,
		     struct clx_result *res, char *err, size_t errlen)
{
	struct virtq_sg sg[CLX_MAX_SG];
	struct virtq_seg seg[CLX_MAX_SG];
	struct virtq_req req;
	uint32_t i, k, popped = 0, got = 0, len;
	int r;

	/* driver phase: make B buffers available */
	ctx->side = CLX_DRV;
	for (i = 0; i < cfg->batch; i++) {
		uint32_t slot = (uint32_t)((*seq + i) % cfg->num);

		for (k = 0; k < cfg->sg; k++) {
			sg[k].addr = CLX_DATA_GPA + ((uint64_t)slot * cfg->sg + k) * CLX_SEG_BYTES;
			sg[k].len = CLX_SEG_BYTES;
		}
		/* one device-readable segment first when there are several */
		r = virtq_drv_add(drv, sg, cfg->sg > 1 ? 1 : 0, cfg->sg > 1 ? cfg->sg - 1 : 1,
				  (void *)(uintptr_t)(*seq + i + 1),
				  cfg->indirect ? VIRTQ_ADD_INDIRECT : 0);
		if (r)
			return fail(err, errlen, "virtq_drv_add: %s", virtq_strerror(r));
	}
	if (cfg->notify != CLX_NOTIFY_NONE && virtq_drv_kick_prepare(drv))
		res->kicks++;

	/* device phase: take them all, complete them all, publish in one flush */
	ctx->side = CLX_DEV;
	if (cfg->rearm)
		virtq_dev_disable_notify(dev);
	while ((r = virtq_dev_pop(dev, &req, seg, CLX_MAX_SG)) == 1) {
		popped++;
		r = virtq_dev_push(dev, &req, req.in_len);
		if (r)
			return fail(err, errlen, "virtq_dev_push: %s", virtq_strerror(r));
	}
	if (r < 0)
		return fail(err, errlen, "virtq_dev_pop: %s", virtq_strerror(r));
	virtq_dev_flush(dev);
	if (cfg->notify != CLX_NOTIFY_NONE && virtq_dev_should_notify(dev))
		res->interrupts++;
	if (cfg->rearm)
		virtq_dev_enable_notify(dev);

	/* driver phase: take the used buffers back */
	ctx->side = CLX_DRV;
	if (cfg->rearm)
		virtq_drv_disable_cb(drv);
	while (virtq_drv_get(drv, &len))
		got++;
	if (cfg->rearm)
		virtq_drv_enable_cb(drv);
	if (popped != cfg->batch || got != cfg->batch)
		return fail(err, errlen, "round of %u: device popped %u, driver got %u (%s)",
			    cfg->batch, popped, got,
			    virtq_strerror(virtq_drv_error(drv) ? virtq_drv_error(drv) : virtq_dev_error(dev)));
	*seq += cfg->batch;
	return 0;
}

int clx_run(const struct clx_cfg *cfg, struct clx_result *res, char *err, size_t errlen)
{
	static struct clx_ctx ctx;
	struct clx_mem mm;
	struct virtq_drv drv;
	struct virtq_dev dev;
	uint64_t seq = 0, warm, total;
	int r;

	memset(res, 0, sizeof(*res));
	memset(&mm, 0, sizeof(mm));
	memset(&ctx, 0, sizeof(ctx));
	if (!pvc_wtrap_supported())
		return fail(err, errlen, "access trap needs x86-64 Linux");
	if (cfg->rearm && cfg->notify == CLX_NOTIFY_NONE)
		return fail(err, errlen, "rearm needs notifications (flags or event-idx)");
	if (cfg->batch == 0 || cfg->sg == 0 || cfg->sg > CLX_MAX_SG)
		return fail(err, errlen, "batch must be >= 1 and descriptors per buffer 1..%u", CLX_MAX_SG);
	if (!cfg->indirect && (uint64_t)cfg->batch * cfg->sg > cfg->num)
		return fail(err, errlen, "batch %u x %u descriptors does not fit a queue of %u",
			    cfg->batch, cfg->sg, cfg->num);
	if (cfg->batch > cfg->num)
		return fail(err, errlen, "batch %u larger than the queue (%u)", cfg->batch, cfg->num);
	r = clx_setup(cfg, &mm, &ctx, &drv, &dev, err, errlen);
	if (r) {
		clx_mem_free(&mm);
		return r;
	}
	clx_model_init(&res->model, mm.lines, mm.block_bytes / CLX_LINE);
	ctx.model = &res->model;
	warm = cfg->warmup ? cfg->warmup : 2ull * cfg->num;
	warm = (warm + cfg->batch - 1) / cfg->batch * cfg->batch;
	total = (cfg->buffers + cfg->batch - 1) / cfg->batch * cfg->batch;
	res->model.counting = false;
	if (pvc_wtrap_start(mm.block, mm.block_bytes, true, clx_on_access, &ctx)) {
		clx_mem_free(&mm);
		return fail(err, errlen, "pvc_wtrap_start failed");
	}
	while (r == 0 && seq < warm)
		r = clx_round(cfg, &ctx, &drv, &dev, &seq, res, err, errlen);
	res->model.counting = true;
	clx_model_clear_counts(&res->model);
	res->kicks = res->interrupts = 0;
	for (uint64_t round = 0; r == 0 && seq < warm + total; round++) {
		ctx.tracing = round < cfg->trace;
		r = clx_round(cfg, &ctx, &drv, &dev, &seq, res, err, errlen);
		if (ctx.tracing)
			clx_trace_print(&ctx, round);
	}
	ctx.tracing = 0;
	pvc_wtrap_stop();
	res->buffers = seq - warm;
	res->model.lines = NULL;
	res->model.nlines = 0;
	clx_mem_free(&mm);
	return r;
}
