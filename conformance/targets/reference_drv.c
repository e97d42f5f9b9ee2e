// SPDX-License-Identifier: GPL-2.0-only
/*
 * reference_drv.c - driver-under-test adapter for the reference driver
 * (virtq_drv_*).
 */
#include <stdlib.h>
#include "reference.h"
#include "virtio_features.h"

struct ref_drv {
	struct virtq_drv vq;
	void *priv;
};

static int ref_drv_create(void **h, const struct pvc_drv_setup *s)
{
	struct ref_drv *d = calloc(1, sizeof(*d));
	struct virtq_drv_cfg cfg = {
		.layout = s->layout, .num = s->num, .vq_index = s->vq_index,
		.features = s->features, .desc = s->desc, .driver = s->driver,
		.device = s->device, .indirect = s->indirect,
		.max_indirect = s->max_indirect,
	};
	int ret;

	if (!d)
		return -VIRTQ_ENOSPC;
	cfg.priv_size = virtq_drv_priv_size(s->layout, s->num);
	d->priv = cfg.priv_size ? aligned_alloc(64, (cfg.priv_size + 63) & ~(size_t)63) : NULL;
	if (!d->priv) {
		free(d);
		return -VIRTQ_EINVAL;
	}
	cfg.priv = d->priv;
	ret = virtq_drv_init(&d->vq, &cfg);
	if (ret) {
		free(d->priv);
		free(d);
		return ret;
	}
	*h = d;
	return 0;
}

static void ref_drv_destroy(void *h)
{
	struct ref_drv *d = h;

	free(d->priv);
	free(d);
}

static int ref_drv_add(void *h, const struct virtq_sg *sg, uint32_t out, uint32_t in,
		       void *token, uint32_t flags)
{
	return virtq_drv_add(&((struct ref_drv *)h)->vq, sg, out, in, token, flags);
}

static bool ref_drv_kick_prepare(void *h) { return virtq_drv_kick_prepare(&((struct ref_drv *)h)->vq); }
static uint32_t ref_drv_notify_data(void *h) { return virtq_drv_notify_data(&((struct ref_drv *)h)->vq); }
static void *ref_drv_get(void *h, uint32_t *len) { return virtq_drv_get(&((struct ref_drv *)h)->vq, len); }
static void ref_drv_disable_cb(void *h) { virtq_drv_disable_cb(&((struct ref_drv *)h)->vq); }
static bool ref_drv_enable_cb(void *h) { return virtq_drv_enable_cb(&((struct ref_drv *)h)->vq); }
static bool ref_drv_enable_cb_delayed(void *h) { return virtq_drv_enable_cb_delayed(&((struct ref_drv *)h)->vq); }
static void ref_drv_reset(void *h) { virtq_drv_reset(&((struct ref_drv *)h)->vq); }
static void *ref_drv_detach(void *h) { return virtq_drv_detach(&((struct ref_drv *)h)->vq); }
static int ref_drv_error(void *h) { return virtq_drv_error(&((struct ref_drv *)h)->vq); }

const struct pvc_drv_ops pvc_reference_drv_ops = {
	.features = PVC_REFERENCE_FEATURES,
	.create = ref_drv_create,
	.destroy = ref_drv_destroy,
	.add = ref_drv_add,
	.kick_prepare = ref_drv_kick_prepare,
	.notify_data = ref_drv_notify_data,
	.get = ref_drv_get,
	.disable_cb = ref_drv_disable_cb,
	.enable_cb = ref_drv_enable_cb,
	.enable_cb_delayed = ref_drv_enable_cb_delayed,
	.reset = ref_drv_reset,
	.detach = ref_drv_detach,
	.error = ref_drv_error,
};
