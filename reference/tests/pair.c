// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * pair.c - set up a driver and a device over one block of memory (see
 * pair.h).
 */
#include <stdlib.h>
#include <string.h>
#include "pair.h"
#include "ut.h"

int pair_init(struct pair *pr, const struct pair_cfg *cfg)
{
	size_t ind_bytes, drv_priv, dev_priv, total;
	struct virtq_drv_cfg dc;
	struct virtq_dev_cfg vc;
	int r;

	memset(pr, 0, sizeof(*pr));
	pr->cfg = *cfg;
	r = virtq_ring_layout(cfg->layout, cfg->num, &pr->ring);
	if (r)
		return r;
	ind_bytes = (size_t)cfg->num * cfg->max_indirect * 16u;
	pr->ind_off = virtq_align_up(pr->ring.total, 64);
	pr->data_off = virtq_align_up(pr->ind_off + ind_bytes, 64);
	pr->block_bytes = virtq_align_up(pr->data_off + cfg->data_bytes, 64);
	total = pr->block_bytes + 2 * PAIR_GUARD;
	pr->alloc = aligned_alloc(4096, virtq_align_up(total, 4096));
	drv_priv = virtq_drv_priv_size(cfg->layout, cfg->num);
	dev_priv = virtq_dev_priv_size(cfg->layout, cfg->num);
	pr->drv_priv = aligned_alloc(64, virtq_align_up(drv_priv + 1, 64));
	pr->dev_priv = aligned_alloc(64, virtq_align_up(dev_priv + 1, 64));
	if (!pr->alloc || !pr->drv_priv || !pr->dev_priv) {
		pair_fini(pr);
		return -VIRTQ_EINVAL;
	}
	memset(pr->alloc, PAIR_GUARD_BYTE, total);
	pr->block = pr->alloc + PAIR_GUARD;
	memset(pr->block, 0, pr->block_bytes);
	pr->region.gpa = PAIR_GPA_BASE;
	pr->region.size = pr->block_bytes;
	pr->region.hva = pr->block;
	pr->map.regions = &pr->region;
	pr->map.nregions = 1;

	memset(&dc, 0, sizeof(dc));
	dc.layout = cfg->layout;
	dc.num = cfg->num;
	dc.vq_index = 3;
	dc.features = cfg->features;
	dc.desc.va = pr->block + pr->ring.desc;
	dc.desc.dma = pair_gpa(pr, dc.desc.va);
	dc.driver.va = pr->block + pr->ring.driver;
	dc.driver.dma = pair_gpa(pr, dc.driver.va);
	dc.device.va = pr->block + pr->ring.device;
	dc.device.dma = pair_gpa(pr, dc.device.va);
	dc.priv = pr->drv_priv;
	dc.priv_size = drv_priv;
	if (cfg->max_indirect) {
		dc.indirect.va = pr->block + pr->ind_off;
		dc.indirect.dma = pair_gpa(pr, dc.indirect.va);
		dc.max_indirect = cfg->max_indirect;
	}
	r = virtq_drv_init(&pr->drv, &dc);
	if (r) {
		pair_fini(pr);
		return r;
	}

	memset(&vc, 0, sizeof(vc));
	vc.layout = cfg->layout;
	vc.num = cfg->num;
	vc.vq_index = 3;
	vc.features = cfg->features;
	vc.desc_gpa = dc.desc.dma;
	vc.driver_gpa = dc.driver.dma;
	vc.device_gpa = dc.device.dma;
	vc.mem = &pr->map;
	vc.priv = pr->dev_priv;
	vc.priv_size = dev_priv;
	r = virtq_dev_init(&pr->dev, &vc);
	if (r) {
		pair_fini(pr);
		return r;
	}
	return 0;
}

void pair_fini(struct pair *pr)
{
	free(pr->alloc);
	free(pr->drv_priv);
	free(pr->dev_priv);
	pr->alloc = NULL;
	pr->drv_priv = NULL;
	pr->dev_priv = NULL;
}

void pair_reset(struct pair *pr)
{
	virtq_drv_reset(&pr->drv);
	virtq_dev_reset(&pr->dev);
}

bool pair_guards_ok(const struct pair *pr)
{
	size_t i;

	for (i = 0; i < PAIR_GUARD; i++)
		if (pr->alloc[i] != PAIR_GUARD_BYTE ||
		    pr->block[pr->block_bytes + i] != PAIR_GUARD_BYTE)
			return false;
	return true;
}

/* ---- randomized workload -------------------------------------------- */

#define WORK_CELL   16u   /* data cell: one descriptor's buffer (1..16 bytes) */
#define WORK_PEND   16u   /* requests the device holds before completing */

struct work_rec {
	uint64_t seq;
	uint32_t n, out, out_len, in_len;
	uint32_t dev_len;          /* what the device wrote */
	int state;                 /* 1 available, 2 popped, 3 used, 0 detached */
	struct virtq_sg *sg;
	uint32_t *cells;
};

struct work_pend {
	struct virtq_req req;
	struct virtq_seg *seg;
	struct work_rec *rec;
};

struct work {
	struct pair *pr;
	const struct pair_work_opts *o;
	struct pair_work_stats *st;
	uint32_t ncells, nfree, *free_cells;
	struct work_rec **owner;
	struct work_pend pend[WORK_PEND];
	struct virtq_seg *seg_store[WORK_PEND];
	uint32_t npend;
	uint64_t seq, last_got_seq;
	uint64_t added, popped, flushed, got;  /* buffers, since the last reset */
	uint64_t outstanding;                  /* records not yet got */
	bool dev_waiting, drv_waiting, drv_delayed, want_full;
	unsigned idle_steps;
};

static uint8_t pat_out(uint64_t seq, uint32_t k) { return (uint8_t)(seq * 29u + k * 7u + 3u); }
static uint8_t pat_in(uint64_t seq, uint32_t k) { return (uint8_t)((seq * 13u + k * 11u + 5u) ^ 0x5au); }

static uint32_t rnd(uint32_t n) { return n ? (uint32_t)(ut_rand() % n) : 0; }

static void rec_free(struct work *w, struct work_rec *r)
{
	for (uint32_t i = 0; i < r->n; i++) {
		w->owner[r->cells[i]] = NULL;
		w->free_cells[w->nfree++] = r->cells[i];
	}
	free(r->sg);
	free(r->cells);
	free(r);
}

/* Driver: one buffer of n descriptors; false when out of cells or slots. */
static bool drv_add_one(struct work *w, uint32_t n, uint32_t flags)
{
	struct pair *pr = w->pr;
	struct work_rec *r;
	uint32_t i, k = 0;
	int rc;

	if (w->nfree < n)
		return false;
	r = calloc(1, sizeof(*r));
	UT_ASSERT(r);
	r->sg = calloc(n, sizeof(*r->sg));
	r->cells = calloc(n, sizeof(*r->cells));
	UT_ASSERT(r->sg && r->cells);
	r->seq = ++w->seq;
	r->n = n;
	r->out = rnd(n + 1);
	for (i = 0; i < n; i++) {
		uint32_t c = w->free_cells[--w->nfree];
		uint32_t len = 1 + rnd(WORK_CELL);
		unsigned char *p = pair_data(pr) + (size_t)c * WORK_CELL;

		r->cells[i] = c;
		w->owner[c] = r;
		r->sg[i].addr = pair_gpa(pr, p);
		r->sg[i].len = len;
		if (i < r->out) {
			for (uint32_t b = 0; b < len; b++)
				p[b] = pat_out(r->seq, k++);
			r->out_len += len;
		} else {
			memset(p, 0xee, WORK_CELL);
			r->in_len += len;
		}
	}
	r->state = 1;
	rc = virtq_drv_add(&pr->drv, r->sg, r->out, n - r->out, r, flags);
	if (rc == -VIRTQ_ENOSPC) {
		rec_free(w, r);
		return false;
	}
	UT_ASSERT_MSG(rc == 0, "add n=%u: %s", n, virtq_strerror(rc));
	w->added++;
	w->outstanding++;
	return true;
}

static void drv_step(struct work *w)
{
	struct pair *pr = w->pr;
	uint32_t num = pr->cfg.num, tries = 1 + rnd(4);

	if (w->want_full) {
		/* a chain exactly the queue size long, into an empty ring */
		if (w->outstanding == 0) {
			UT_ASSERT_MSG(drv_add_one(w, num, 0), "full chain of %u refused", num);
			w->want_full = false;
		}
	} else {
		for (uint32_t t = 0; t < tries; t++) {
			uint32_t cap = num < 64 ? num : 64, n;

			if (rnd(8) == 0)
				n = 1 + rnd(cap);
			else
				n = 1 + rnd(num < 4 ? num : 4);
			if (!drv_add_one(w, n, rnd(3) == 0 ? VIRTQ_ADD_INDIRECT : 0))
				break;
		}
		if (rnd(300) == 0)
			w->want_full = true;
	}
	if (virtq_drv_kick_prepare(&pr->drv)) {
		w->dev_waiting = false;
		w->st->kicks++;
	}
	/* no lost available-buffer notification */
	UT_ASSERT_MSG(!(w->dev_waiting && w->added > w->popped),
		      "device sleeps with %llu buffers available",
		      (unsigned long long)(w->added - w->popped));
}

static void drv_check_used(struct work *w, struct work_rec *r, uint32_t len)
{
	struct pair *pr = w->pr;
	uint32_t i, k = 0, kin = 0;

	UT_ASSERT_MSG(r->state == 3, "token state %d returned as used", r->state);
	UT_EQ(len, r->dev_len);
	if (pr->drv.f_in_order) {
		UT_ASSERT_MSG(r->seq > w->last_got_seq, "in-order: seq %llu after %llu",
			      (unsigned long long)r->seq, (unsigned long long)w->last_got_seq);
		w->last_got_seq = r->seq;
	}
	for (i = 0; i < r->n; i++) {
		const unsigned char *p = pair_va(pr, r->sg[i].addr);

		for (uint32_t b = 0; b < r->sg[i].len; b++) {
			if (i < r->out) {
				UT_EQ(p[b], pat_out(r->seq, k));
				k++;
			} else {
				UT_EQ(p[b], kin < len ? pat_in(r->seq, kin) : 0xee);
				kin++;
			}
		}
	}
	w->st->buffers++;
	w->st->slots += r->n;
	if (r->n == pr->cfg.num)
		w->st->full_chains++;
	w->outstanding--;
	w->got++;
	rec_free(w, r);
}

static void drv_get_step(struct work *w)
{
	struct pair *pr = w->pr;
	uint32_t max = 1 + rnd(16), n = 0;

	if (w->drv_waiting && rnd(16))
		return;
	w->drv_waiting = false;   /* awake (an occasional spurious poll) */
	while (n < max) {
		uint32_t len = 0xdeadbeef;
		struct work_rec *r = virtq_drv_get(&pr->drv, &len);

		if (!r) {
			UT_ASSERT_MSG(!virtq_drv_error(&pr->drv), "driver broke: %s",
				      virtq_strerror(virtq_drv_error(&pr->drv)));
			break;
		}
		drv_check_used(w, r, len);
		n++;
	}
	if (n == 0 && rnd(2)) {
		if (rnd(2)) {
			w->drv_delayed = false;
			w->drv_waiting = virtq_drv_enable_cb(&pr->drv);
		} else {
			w->drv_delayed = true;
			w->drv_waiting = virtq_drv_enable_cb_delayed(&pr->drv);
		}
	} else if (n && rnd(4) == 0) {
		/* a driver that turns callbacks off polls; it is not waiting */
		virtq_drv_disable_cb(&pr->drv);
		w->drv_waiting = false;
	}
}

static void dev_check_req(struct work *w, struct work_pend *pe)
{
	struct pair *pr = w->pr;
	const struct virtq_req *q = &pe->req;
	struct work_rec *r;
	size_t off;
	uint32_t i, k = 0;

	UT_ASSERT(q->nseg >= 1);
	off = (size_t)((unsigned char *)pe->seg[0].addr - pair_data(pr));
	UT_ASSERT_MSG(off < (size_t)w->ncells * WORK_CELL, "segment outside the data area");
	r = w->owner[off / WORK_CELL];
	UT_ASSERT_MSG(r && r->state == 1, "device got a buffer that is not available");
	UT_EQ(q->nseg, r->n);
	UT_EQ(q->out_len, r->out_len);
	UT_EQ(q->in_len, r->in_len);
	/* ndesc: ring descriptors the buffer occupies (1 for an indirect table) */
	UT_ASSERT(q->ndesc == 1 || q->ndesc == r->n);
	if (q->ndesc == 1 && r->n > 1)
		w->st->indirect++;
	for (i = 0; i < r->n; i++) {
		const unsigned char *p = pe->seg[i].addr;

		UT_ASSERT_MSG(p == pair_va(pr, r->sg[i].addr), "segment %u address", i);
		UT_EQ(pe->seg[i].len, r->sg[i].len);
		UT_EQ(pe->seg[i].writable, i >= r->out);
		if (i < r->out)
			for (uint32_t b = 0; b < r->sg[i].len; b++, k++)
				UT_EQ(p[b], pat_out(r->seq, k));
	}
	r->state = 2;
	pe->rec = r;
}

static void dev_complete(struct work *w, uint32_t idx, bool full)
{
	struct work_pend pe = w->pend[idx];
	struct work_rec *r = pe.rec;
	uint32_t len = full ? r->in_len : rnd(r->in_len + 1), k = 0;

	for (uint32_t i = 0; i < pe.req.nseg && k < len; i++) {
		unsigned char *p = pe.seg[i].addr;

		if (!pe.seg[i].writable)
			continue;
		for (uint32_t b = 0; b < pe.seg[i].len && k < len; b++, k++)
			p[b] = pat_in(r->seq, k);
	}
	r->dev_len = len;
	r->state = 3;
	UT_EQ(virtq_dev_push(&w->pr->dev, &pe.req, len), 0);
	/* keep the rest in pop order (in-order mode relies on it) */
	memmove(&w->pend[idx], &w->pend[idx + 1], (w->npend - idx - 1) * sizeof(pe));
	w->npend--;
	/* seg_store[i] stays the array of pend[i]; the freed one goes last */
	for (uint32_t i = 0; i < w->npend; i++)
		w->seg_store[i] = w->pend[i].seg;
	w->seg_store[w->npend] = pe.seg;
}

static void dev_step(struct work *w)
{
	struct pair *pr = w->pr;
	uint32_t want = 1 + rnd(8), got = 0, b;
	int rc = 1;

	if (w->dev_waiting && rnd(16))
		return;
	w->dev_waiting = false;
	while (got < want && w->npend < WORK_PEND) {
		struct work_pend *pe = &w->pend[w->npend];

		pe->seg = w->seg_store[w->npend];
		rc = virtq_dev_pop(&pr->dev, &pe->req, pe->seg, pr->cfg.num);
		UT_ASSERT_MSG(rc >= 0, "device broke: %s", virtq_strerror(rc));
		if (rc == 0)
			break;
		dev_check_req(w, pe);
		w->npend++;
		w->popped++;
		got++;
	}
	if (rc == 0 && (pr->cfg.features & VIRTIO_BIT(VIRTIO_F_NOTIFICATION_DATA))) {
		/* everything available was taken: the driver's notification
		 * data names the device's avail position */
		struct virtq_notify nd;

		virtq_dev_parse_notify_data(pr->cfg.layout, virtq_drv_notify_data(&pr->drv), &nd);
		UT_EQ(nd.vq_index, 3);
		if (pr->cfg.layout == VIRTQ_LAYOUT_PACKED)
			UT_EQ(virtq_dev_get_base(&pr->dev) & 0xffffu,
			      nd.next_off | ((uint32_t)nd.next_wrap << 15));
		else
			UT_EQ(virtq_dev_get_base(&pr->dev) & 0xffffu, nd.next_off);
	}
	/* complete a random batch */
	b = w->npend ? rnd(w->npend + 1) : 0;
	if (rnd(4) == 0)
		b = w->npend;
	for (uint32_t i = 0; i < b; i++) {
		if (pr->dev.f_in_order)
			dev_complete(w, 0, i + 1 < b);
		else
			dev_complete(w, rnd(w->npend), false);
	}
	if (b) {
		virtq_dev_flush(&pr->dev);
		w->flushed += b;
		if (virtq_dev_should_notify(&pr->dev)) {
			w->drv_waiting = false;
			w->st->irqs++;
		}
	}
	if (got == 0 && w->npend == 0 && rnd(2))
		w->dev_waiting = virtq_dev_enable_notify(&pr->dev);
	else if (got && rnd(4) == 0)
		virtq_dev_disable_notify(&pr->dev);

	/* no lost used-buffer notification */
	if (w->drv_waiting && w->flushed > w->got) {
		UT_ASSERT_MSG(w->drv_delayed, "driver sleeps with %llu used buffers",
			      (unsigned long long)(w->flushed - w->got));
		UT_ASSERT_MSG(!(w->npend == 0 && w->popped == w->added),
			      "driver sleeps (delayed) with all %llu buffers used",
			      (unsigned long long)(w->flushed - w->got));
	}
}

/* Reset mid-flight: detach hands back each outstanding token exactly once. */
static void work_reset(struct work *w)
{
	struct pair *pr = w->pr;
	struct work_rec *r;
	uint64_t n = 0;

	while ((r = virtq_drv_detach(&pr->drv)) != NULL) {
		UT_ASSERT_MSG(r->state >= 1, "detach returned a token twice (state %d)", r->state);
		r->state = 0;
		n++;
	}
	UT_EQ(n, w->outstanding);
	/* every record is detached now: free them through the cell owners */
	for (uint32_t c = 0; c < w->ncells; c++) {
		r = w->owner[c];
		if (r) {
			UT_EQ(r->state, 0);
			rec_free(w, r);
		}
	}
	pair_reset(pr);
	w->npend = 0;
	w->added = w->popped = w->flushed = w->got = 0;
	w->outstanding = 0;
	w->dev_waiting = w->drv_waiting = false;
	w->last_got_seq = w->seq;
	w->st->resets++;
}

void pair_work_run(struct pair *pr, const struct pair_work_opts *o, struct pair_work_stats *st)
{
	struct work *w = calloc(1, sizeof(*w));
	uint32_t maxind = pr->cfg.max_indirect ? pr->cfg.max_indirect : 1;
	uint64_t last_slots = 0;

	UT_ASSERT(w);
	memset(st, 0, sizeof(*st));
	w->pr = pr;
	w->o = o;
	w->st = st;
	w->ncells = (uint32_t)(pr->cfg.data_bytes / WORK_CELL);
	UT_ASSERT_MSG(w->ncells >= pr->cfg.num * maxind, "pair data area too small");
	w->free_cells = calloc(w->ncells, sizeof(uint32_t));
	w->owner = calloc(w->ncells, sizeof(*w->owner));
	UT_ASSERT(w->free_cells && w->owner);
	for (uint32_t c = 0; c < w->ncells; c++)
		w->free_cells[w->nfree++] = w->ncells - 1 - c;
	for (uint32_t i = 0; i < WORK_PEND; i++) {
		w->seg_store[i] = calloc(pr->cfg.num, sizeof(struct virtq_seg));
		UT_ASSERT(w->seg_store[i]);
	}
	w->want_full = true;

	while (st->slots < o->slots || st->buffers < o->min_buffers) {
		if (o->reset_every && rnd(o->reset_every) == 0)
			work_reset(w);
		drv_step(w);
		dev_step(w);
		drv_get_step(w);
		if (st->slots == last_slots) {
			UT_ASSERT_MSG(++w->idle_steps < 100000, "no progress (added %llu popped %llu flushed %llu got %llu)",
				      (unsigned long long)w->added, (unsigned long long)w->popped,
				      (unsigned long long)w->flushed, (unsigned long long)w->got);
		} else {
			w->idle_steps = 0;
			last_slots = st->slots;
		}
	}
	UT_ASSERT(pair_guards_ok(pr));
	work_reset(w);
	for (uint32_t i = 0; i < WORK_PEND; i++)
		free(w->seg_store[i]);
	free(w->free_cells);
	free(w->owner);
	free(w);
}
