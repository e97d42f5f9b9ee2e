// SPDX-License-Identifier: GPL-2.0-only
/*
 * reference_dev.c - device-under-test adapter for the reference device
 * (virtq_dev_*): pops requests, fills their device-writable part with the
 * pvc_fill_byte() stream and returns them used.
 */
#include <stdlib.h>
#include <string.h>
#include "reference.h"

struct ref_req {
	struct virtq_req req;
	struct virtq_seg *seg;
};

struct ref_dev {
	struct virtq_dev vq;
	void *priv;
	uint32_t cap;              /* segments per request */
	uint32_t n;                /* requests in flight (popped, not pushed) */
	struct ref_req *fl;        /* num entries */
	struct virtq_seg *segs;    /* num * cap */
};

static int ref_dev_create(void **h, const struct pvc_dev_setup *s)
{
	struct ref_dev *d = calloc(1, sizeof(*d));
	struct virtq_dev_cfg cfg = {
		.layout = s->layout, .num = s->num, .vq_index = s->vq_index,
		.features = s->features, .desc_gpa = s->desc_gpa,
		.driver_gpa = s->driver_gpa, .device_gpa = s->device_gpa, .mem = s->mem,
	};
	int ret = -VIRTQ_ENOSPC;

	if (!d)
		return ret;
	d->cap = s->num;
	cfg.priv_size = virtq_dev_priv_size(s->layout, s->num);
	d->priv = cfg.priv_size ? aligned_alloc(64, (cfg.priv_size + 63) & ~(size_t)63) : NULL;
	d->fl = calloc(s->num, sizeof(*d->fl));
	d->segs = calloc((size_t)s->num * d->cap, sizeof(*d->segs));
	if (!d->priv || !d->fl || !d->segs)
		goto err;
	cfg.priv = d->priv;
	ret = virtq_dev_init(&d->vq, &cfg);
	if (ret)
		goto err;
	*h = d;
	return 0;
err:
	free(d->segs);
	free(d->fl);
	free(d->priv);
	free(d);
	return ret;
}

static void ref_dev_destroy(void *h)
{
	struct ref_dev *d = h;

	free(d->segs);
	free(d->fl);
	free(d->priv);
	free(d);
}

/* Write the pvc_fill_byte() stream into the device-writable segments. */
static void ref_dev_fill(const struct virtq_req *r)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < r->nseg; i++) {
		uint8_t *p = r->seg[i].addr;

		if (!r->seg[i].writable)
			continue;
		for (uint32_t j = 0; j < r->seg[i].len; j++)
			p[j] = pvc_fill_byte(r->id, k++);
	}
}

static int ref_dev_push_list(struct ref_dev *d, const uint32_t *idx, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct virtq_req *r = &d->fl[idx[i]].req;
		int ret = virtq_dev_push(&d->vq, r, r->in_len);

		if (ret)
			return ret;
	}
	virtq_dev_flush(&d->vq);
	return 0;
}

/* Drop the entries named in idx[] from the in-flight list, keeping order. */
static void ref_dev_drop(struct ref_dev *d, const uint32_t *idx, uint32_t n)
{
	uint32_t w = 0;

	for (uint32_t r = 0; r < d->n; r++) {
		bool gone = false;

		for (uint32_t i = 0; i < n; i++)
			gone |= idx[i] == r;
		if (gone)
			continue;
		if (w != r) {
			/* swap the segment arrays so each entry keeps its own */
			struct virtq_seg *tmp = d->fl[w].seg;

			d->fl[w] = d->fl[r];
			d->fl[r].seg = tmp;
		}
		w++;
	}
	d->n = w;
}

static int ref_dev_process(void *h, uint32_t max, bool complete)
{
	struct ref_dev *d = h;
	uint32_t first = d->n, taken = 0, idx[64];
	int ret;

	while (taken < max && d->n < d->vq.num) {
		struct ref_req *e = &d->fl[d->n];

		if (!e->seg)
			e->seg = d->segs + (size_t)d->n * d->cap;
		ret = virtq_dev_pop(&d->vq, &e->req, e->seg, d->cap);
		if (ret < 0)
			return ret;
		if (ret == 0)
			break;
		ref_dev_fill(&e->req);
		d->n++;
		taken++;
	}
	if (!complete || !taken)
		return (int)taken;
	for (uint32_t done = 0; done < taken;) {
		uint32_t n = taken - done < 64 ? taken - done : 64;

		for (uint32_t i = 0; i < n; i++)
			idx[i] = first + done + i;
		ret = ref_dev_push_list(d, idx, n);
		if (ret)
			return ret;
		done += n;
	}
	/* all of them used: they are the newest entries of the list */
	d->n = first;
	return (int)taken;
}

static int ref_dev_complete(void *h, const uint32_t *order, uint32_t n)
{
	struct ref_dev *d = h;
	int ret;

	for (uint32_t i = 0; i < n; i++)
		if (order[i] >= d->n)
			return -VIRTQ_EINVAL;
	ret = ref_dev_push_list(d, order, n);
	if (ret)
		return ret;
	ref_dev_drop(d, order, n);
	return 0;
}

static uint32_t ref_dev_inflight(void *h) { return ((struct ref_dev *)h)->n; }
static bool ref_dev_should_notify(void *h) { return virtq_dev_should_notify(&((struct ref_dev *)h)->vq); }
static void ref_dev_disable_notify(void *h) { virtq_dev_disable_notify(&((struct ref_dev *)h)->vq); }
static bool ref_dev_enable_notify(void *h) { return virtq_dev_enable_notify(&((struct ref_dev *)h)->vq); }
static int ref_dev_error(void *h) { return virtq_dev_error(&((struct ref_dev *)h)->vq); }
static uint32_t ref_dev_get_base(void *h) { return virtq_dev_get_base(&((struct ref_dev *)h)->vq); }
static int ref_dev_set_base(void *h, uint32_t b) { return virtq_dev_set_base(&((struct ref_dev *)h)->vq, b); }

static void ref_dev_reset(void *h)
{
	struct ref_dev *d = h;

	virtq_dev_reset(&d->vq);
	d->n = 0;
}

const struct pvc_dev_ops pvc_reference_dev_ops = {
	.features = PVC_REFERENCE_FEATURES,
	.create = ref_dev_create,
	.destroy = ref_dev_destroy,
	.process = ref_dev_process,
	.complete = ref_dev_complete,
	.inflight = ref_dev_inflight,
	.should_notify = ref_dev_should_notify,
	.disable_notify = ref_dev_disable_notify,
	.enable_notify = ref_dev_enable_notify,
	.reset = ref_dev_reset,
	.error = ref_dev_error,
	.get_base = ref_dev_get_base,
	.set_base = ref_dev_set_base,
	.parse_notify = virtq_dev_parse_notify_data,
};
