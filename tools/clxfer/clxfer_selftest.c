// SPDX-License-Identifier: GPL-2.0-only
/*
 * clxfer_selftest - checks of the cache-line transfer audit, as TAP:
 * the coherence model on hand-built access sequences, the field
 * classification at known offsets, the spec's table values, and whole
 * runs whose counts follow from the ring layout alone (packed ring, one
 * descriptor per buffer: every descriptor line moves once to the device
 * and once back per pass, so 1 + 1 per buffer one at a time, 1/4 + 1/4 in
 * batches of 4, 1/4 + 1/B in order).  Closing line: "N passed, N failed,
 * N skipped".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "virtq_layout.h"
#include "pvc_wtrap.h"
#include "clxfer_area.h"
#include "clxfer_model.h"
#include "clxfer_run.h"
#include "clxfer_spec.h"

static unsigned t_n, t_pass, t_fail, t_skip;

__attribute__((format(printf, 2, 3)))
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", ok ? "ok" : "not ok", ++t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (ok)
		t_pass++;
	else
		t_fail++;
}

static void skip(const char *name, const char *why)
{
	printf("ok %u - %s # SKIP %s\n", ++t_n, name, why);
	t_skip++;
}

static bool near(double a, double b)
{
	double d = a - b;

	return d < 1e-9 && d > -1e-9;
}

/* A hand-built sequence through every state change of one line. */
static void test_model_sequence(void)
{
	static const struct {
		size_t line;
		enum clx_side side;
		bool write;
		enum clx_kind want;
	} seq[] = {
		{ 0, CLX_DRV, true, CLX_COLD },       /* first touch: from memory */
		{ 0, CLX_DRV, true, CLX_HIT },        /* modified, own */
		{ 0, CLX_DEV, false, CLX_TRANSFER },  /* driver's dirty line moves */
		{ 0, CLX_DEV, false, CLX_HIT },       /* shared now */
		{ 0, CLX_DRV, false, CLX_HIT },       /* driver kept a clean copy */
		{ 0, CLX_DRV, true, CLX_UPGRADE },    /* both clean: invalidate only */
		{ 0, CLX_DEV, true, CLX_TRANSFER },   /* read-for-ownership from the driver */
		{ 0, CLX_DRV, false, CLX_TRANSFER },  /* back again */
		{ 1, CLX_DEV, false, CLX_COLD },      /* clean line, nobody wrote it */
		{ 1, CLX_DRV, false, CLX_COLD },      /* still clean: memory serves it */
		{ 1, CLX_DRV, true, CLX_UPGRADE },
		{ 1, CLX_DRV, false, CLX_HIT },
		{ 1, CLX_DEV, true, CLX_TRANSFER },
	};
	struct clx_line_state lines[2];
	struct clx_model m;
	unsigned bad = 0;

	clx_model_init(&m, lines, 2);
	for (unsigned i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		enum clx_kind k = clx_model_access(&m, seq[i].line, seq[i].side, seq[i].write,
						   CLX_CAT_DESC);
		if (k != seq[i].want) {
			printf("# step %u: kind %d, want %d\n", i, (int)k, (int)seq[i].want);
			bad++;
		}
	}
	check(bad == 0, "model: hand-built sequence gives the expected kind at every step");
	check(clx_model_sum(&m, CLX_TRANSFER, -1, -1) == 4 &&
	      clx_model_sum(&m, CLX_TRANSFER, CLX_CAT_DESC, CLX_DEV) == 3 &&
	      clx_model_sum(&m, CLX_TRANSFER, CLX_CAT_DESC, CLX_DRV) == 1 &&
	      clx_model_sum(&m, CLX_UPGRADE, -1, -1) == 2 &&
	      clx_model_sum(&m, CLX_COLD, -1, -1) == 3 && clx_model_sum(&m, CLX_HIT, -1, -1) == 4,
	      "model: sums by kind, area and side (4 transfers: 3 to the device, 1 to the driver)");
	check(clx_model_access(&m, 2, CLX_DRV, true, CLX_CAT_DESC) == CLX_HIT &&
	      m.accesses[CLX_DRV] + m.accesses[CLX_DEV] == 13,
	      "model: a line beyond the block is ignored");
}

/* Ping-pong on one line: n round trips move it 2n times; warm-up is not counted. */
static void test_model_pingpong(void)
{
	struct clx_line_state line;
	struct clx_model m;

	clx_model_init(&m, &line, 1);
	m.counting = false;
	clx_model_access(&m, 0, CLX_DRV, true, CLX_CAT_USED_IDX);
	clx_model_access(&m, 0, CLX_DEV, false, CLX_CAT_USED_IDX);
	m.counting = true;
	for (int i = 0; i < 100; i++) {
		clx_model_access(&m, 0, CLX_DRV, true, CLX_CAT_USED_IDX);
		clx_model_access(&m, 0, CLX_DEV, false, CLX_CAT_USED_IDX);
		clx_model_access(&m, 0, CLX_DEV, true, CLX_CAT_USED_IDX);
		clx_model_access(&m, 0, CLX_DRV, false, CLX_CAT_USED_IDX);
	}
	check(m.n[CLX_TRANSFER][CLX_CAT_USED_IDX][CLX_DEV] == 100 &&
	      m.n[CLX_TRANSFER][CLX_CAT_USED_IDX][CLX_DRV] == 100 &&
	      m.n[CLX_UPGRADE][CLX_CAT_USED_IDX][CLX_DRV] == 100 &&
	      m.n[CLX_UPGRADE][CLX_CAT_USED_IDX][CLX_DEV] == 100 &&
	      clx_model_sum(&m, CLX_COLD, -1, -1) == 0,
	      "model: 100 round trips = 200 transfers + 200 invalidations, warm-up uncounted");
}

static void test_areas(void)
{
	struct clx_areas a = { .layout = VIRTQ_LAYOUT_SPLIT, .num = 256 };
	size_t av, us;
	bool ok;

	ok = clx_place(VIRTQ_LAYOUT_SPLIT, 256, false, &a.ring) == 0;
	av = a.ring.driver;
	us = a.ring.device;
	ok = ok && av == 4096 && us == 4096 + 576 && a.ring.total == 4096 + 576 + 2112;
	check(ok, "areas: line-aligned split placement (avail at 4096, used at 4672)");
	ok = clx_area_classify(&a, 0) == CLX_CAT_DESC &&
	     clx_area_classify(&a, 4095) == CLX_CAT_DESC &&
	     clx_area_classify(&a, av + 0) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, av + 2) == CLX_CAT_AVAIL_IDX &&
	     clx_area_classify(&a, av + 4) == CLX_CAT_AVAIL_ENTRY &&
	     clx_area_classify(&a, av + 4 + 2 * 255) == CLX_CAT_AVAIL_ENTRY &&
	     clx_area_classify(&a, av + 4 + 2 * 256) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, av + 6 + 2 * 256) == CLX_CAT_OTHER &&
	     clx_area_classify(&a, us + 0) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, us + 2) == CLX_CAT_USED_IDX &&
	     clx_area_classify(&a, us + 4) == CLX_CAT_USED_ELEM &&
	     clx_area_classify(&a, us + 4 + 8 * 256) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, us + 6 + 8 * 256) == CLX_CAT_OTHER;
	check(ok, "areas: split fields at known offsets");

	a.layout = VIRTQ_LAYOUT_PACKED;
	a.num = 100;
	a.ind_off = 4096;
	a.ind_bytes = 1600;
	ok = clx_place(VIRTQ_LAYOUT_PACKED, 100, true, &a.ring) == 0 &&
	     a.ring.driver == 1600 && a.ring.device == 1604;
	ok = ok && clx_area_classify(&a, 1599) == CLX_CAT_DESC &&
	     clx_area_classify(&a, 1600) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, 1607) == CLX_CAT_EVENT &&
	     clx_area_classify(&a, 1608) == CLX_CAT_OTHER &&
	     clx_area_classify(&a, 4096) == CLX_CAT_INDIRECT &&
	     clx_area_classify(&a, 4096 + 1599) == CLX_CAT_INDIRECT &&
	     clx_area_classify(&a, 4096 + 1600) == CLX_CAT_OTHER;
	check(ok, "areas: compact packed placement, event structures and indirect tables");
}

static void test_spec(void)
{
	struct clx_cfg c = { .layout = VIRTQ_LAYOUT_SPLIT, .num = 256, .batch = 1, .sg = 1 };

	check(near(clx_spec_total(&c), 5.0), "spec: split one at a time, up to 5");
	c.layout = VIRTQ_LAYOUT_PACKED;
	c.batch = 16;
	check(near(clx_spec_total(&c), 0.5), "spec: packed in batches, 0.5");
	c.indirect = true;
	check(clx_spec_total(&c) < 0, "spec: no prediction with indirect tables");

	c = (struct clx_cfg){ .layout = VIRTQ_LAYOUT_SPLIT, .num = 256, .batch = 16, .sg = 1 };
	check(near(clx_spec_total(&c), 0.25 + 1.0 / 32 + 1.0 / 8 + 4.0 / 16),
	      "spec: split in batches, 0.40625 + 4/B");
	c.in_order = true;
	c.notify = CLX_NOTIFY_EVENT_IDX;
	check(near(clx_spec_total(&c), 0.25 + 1.0 / 32 + 4.0 / 16 + 2.0 / 16),
	      "spec: split in order with event idx, 0.28125 + 6/B");
	c.layout = VIRTQ_LAYOUT_PACKED;
	check(near(clx_spec_total(&c), 0.25 + 1.0 / 16),
	      "spec: packed, notification decisions on unchanged structures are free");
	c.rearm = true;
	c.batch = 2;
	check(near(clx_spec_total(&c), 0.5 + 0.5 + 1.0),
	      "spec: packed re-armed, B=2: one descriptor line each way plus 2/B");
}

/* A whole run must give exactly `want` transfers per buffer to each side. */
static void test_run(unsigned layout, uint32_t batch, bool in_order, bool compact,
		     double want_dev, double want_drv, const char *name)
{
	struct clx_cfg c = {
		.layout = layout, .num = 256, .batch = batch, .sg = 1, .buffers = 512,
		.in_order = in_order, .compact = compact, .notify = CLX_NOTIFY_NONE,
	};
	static struct clx_result r;
	char err[256];
	double dev, drv;

	if (!pvc_wtrap_supported()) {
		skip(name, "access trap (pvc_wtrap) needs x86-64 Linux");
		return;
	}
	if (clx_run(&c, &r, err, sizeof(err))) {
		check(false, "%s: %s", name, err);
		return;
	}
	dev = (double)clx_model_sum(&r.model, CLX_TRANSFER, -1, CLX_DEV) / (double)r.buffers;
	drv = (double)clx_model_sum(&r.model, CLX_TRANSFER, -1, CLX_DRV) / (double)r.buffers;
	if (!near(dev, want_dev) || !near(drv, want_drv))
		printf("# %s: to device %.4f (want %.4f), to driver %.4f (want %.4f)\n",
		       name, dev, want_dev, drv, want_drv);
	check(r.buffers == 512 && near(dev, want_dev) && near(drv, want_drv) &&
	      clx_model_sum(&r.model, CLX_COLD, -1, -1) == 0, "%s", name);
}

/* The split ring: each of its descriptor lines moves once per buffer one at
 * a time (the driver rewrites one descriptor, the device reads it). */
static void test_run_split_desc(void)
{
	struct clx_cfg c = {
		.layout = VIRTQ_LAYOUT_SPLIT, .num = 64, .batch = 1, .sg = 1, .buffers = 256,
	};
	static struct clx_result r, r2;
	char err[256];

	if (!pvc_wtrap_supported()) {
		skip("run: split, B=1", "access trap (pvc_wtrap) needs x86-64 Linux");
		return;
	}
	if (clx_run(&c, &r, err, sizeof(err)) || clx_run(&c, &r2, err, sizeof(err))) {
		check(false, "run: split, B=1: %s", err);
		return;
	}
	check(r.model.n[CLX_TRANSFER][CLX_CAT_DESC][CLX_DEV] == 256 &&
	      r.model.n[CLX_TRANSFER][CLX_CAT_DESC][CLX_DRV] == 0 &&
	      r.model.n[CLX_TRANSFER][CLX_CAT_AVAIL_IDX][CLX_DEV] == 256 &&
	      r.model.n[CLX_TRANSFER][CLX_CAT_USED_IDX][CLX_DRV] == 256,
	      "run: split, B=1: 1 descriptor, 1 avail idx and 1 used idx line per buffer");
	check(memcmp(r.model.n, r2.model.n, sizeof(r.model.n)) == 0,
	      "run: two runs of one configuration count the same");
}

/*
 * Split, B=16, line-aligned areas, queue of 256: by line arithmetic, per
 * pass over the ring the available entries (4 + 2i bytes into the avail
 * area) of the 16 batches touch 24 lines, 2 of them the line of idx that
 * has already moved: 22; the used elements (4 + 8i into the used area)
 * touch 3 lines per batch, 48, one of them the line of idx: 47.
 */
static void test_run_split_lines(void)
{
	struct clx_cfg c = {
		.layout = VIRTQ_LAYOUT_SPLIT, .num = 256, .batch = 16, .sg = 1, .buffers = 512,
	};
	static struct clx_result r;
	char err[256];

	if (!pvc_wtrap_supported()) {
		skip("run: split, B=16", "access trap (pvc_wtrap) needs x86-64 Linux");
		return;
	}
	if (clx_run(&c, &r, err, sizeof(err))) {
		check(false, "run: split, B=16: %s", err);
		return;
	}
	printf("# avail entry %llu, used element %llu, descriptor %llu over 2 passes\n",
	       (unsigned long long)clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_AVAIL_ENTRY, -1),
	       (unsigned long long)clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_USED_ELEM, -1),
	       (unsigned long long)clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_DESC, -1));
	check(clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_AVAIL_ENTRY, CLX_DEV) == 2 * 22 &&
	      clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_USED_ELEM, CLX_DRV) == 2 * 47 &&
	      clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_DESC, CLX_DEV) == 512 / 4 &&
	      clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_AVAIL_ENTRY, CLX_DRV) == 0 &&
	      clx_model_sum(&r.model, CLX_TRANSFER, CLX_CAT_USED_ELEM, CLX_DEV) == 0,
	      "run: split, B=16: 22 avail-entry and 47 used-element lines per pass, 4 descriptors a line");
}

int main(void)
{
	printf("TAP version 13\n1..23\n");
	test_model_sequence();
	test_model_pingpong();
	test_areas();
	test_spec();
	test_run(VIRTQ_LAYOUT_PACKED, 1, false, false, 1.0, 1.0, "run: packed, B=1: 2.0 lines per buffer");
	test_run(VIRTQ_LAYOUT_PACKED, 4, false, false, 0.25, 0.25, "run: packed, B=4: 0.5 lines per buffer");
	test_run(VIRTQ_LAYOUT_PACKED, 16, true, false, 0.25, 1.0 / 16,
		 "run: packed in order, B=16: 0.25 + 1/16 lines per buffer");
	test_run(VIRTQ_LAYOUT_PACKED, 64, true, true, 0.25, 1.0 / 64,
		 "run: packed in order, B=64, compact areas: 0.25 + 1/64");
	test_run_split_desc();
	test_run_split_lines();
	printf("%u passed, %u failed, %u skipped\n", t_pass, t_fail, t_skip);
	return t_fail ? 1 : 0;
}
