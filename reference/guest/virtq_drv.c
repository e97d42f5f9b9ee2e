// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_drv.c - one public driver API over the packed and split variants.
 * A switch, not a function-pointer table: the layout test is predictable
 * and lets the compiler inline across the call.
 */
#include "virtq_drv_impl.h"

#define DISPATCH(vq, fn, ...)						\
	((vq)->layout == VIRTQ_LAYOUT_PACKED ? fn##_packed(__VA_ARGS__)	\
					     : fn##_split(__VA_ARGS__))

size_t virtq_drv_priv_size(unsigned layout, uint32_t num)
{
	if (!virtq_size_valid(layout, num))
		return 0;
	return layout == VIRTQ_LAYOUT_PACKED ? virtq_drv_priv_size_packed(num)
					     : virtq_drv_priv_size_split(num);
}

int virtq_drv_init(struct virtq_drv *vq, const struct virtq_drv_cfg *cfg)
{
	if (!vq || !cfg || !virtq_size_valid(cfg->layout, cfg->num))
		return -VIRTQ_EINVAL;
	return cfg->layout == VIRTQ_LAYOUT_PACKED ? virtq_drv_init_packed(vq, cfg)
						  : virtq_drv_init_split(vq, cfg);
}

void virtq_drv_reset(struct virtq_drv *vq)
{
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		virtq_drv_reset_packed(vq);
	else
		virtq_drv_reset_split(vq);
}

void *virtq_drv_detach(struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_detach, vq);
}

int virtq_drv_add(struct virtq_drv *vq, const struct virtq_sg *sg,
		  uint32_t out, uint32_t in, void *token, uint32_t flags)
{
	return DISPATCH(vq, virtq_drv_add, vq, sg, out, in, token, flags);
}

bool virtq_drv_kick_prepare(struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_kick_prepare, vq);
}

uint32_t virtq_drv_notify_data(const struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_notify_data, vq);
}

void *virtq_drv_get(struct virtq_drv *vq, uint32_t *len)
{
	return DISPATCH(vq, virtq_drv_get, vq, len);
}

bool virtq_drv_more_used(const struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_more_used, vq);
}

void virtq_drv_disable_cb(struct virtq_drv *vq)
{
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		virtq_drv_disable_cb_packed(vq);
	else
		virtq_drv_disable_cb_split(vq);
}

bool virtq_drv_enable_cb(struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_enable_cb, vq);
}

bool virtq_drv_enable_cb_delayed(struct virtq_drv *vq)
{
	return DISPATCH(vq, virtq_drv_enable_cb_delayed, vq);
}
