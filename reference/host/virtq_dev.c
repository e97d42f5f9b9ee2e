// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_dev.c - one public device API over the packed and split variants.
 */
#include "plat.h"
#include "virtq_dev_impl.h"

#define DISPATCH(vq, fn, ...)						\
	((vq)->layout == VIRTQ_LAYOUT_PACKED ? fn##_packed(__VA_ARGS__)	\
					     : fn##_split(__VA_ARGS__))

size_t virtq_dev_priv_size(unsigned layout, uint32_t num)
{
	if (!virtq_size_valid(layout, num))
		return 0;
	return layout == VIRTQ_LAYOUT_PACKED ? virtq_dev_priv_size_packed(num)
					     : virtq_dev_priv_size_split(num);
}

int virtq_dev_init(struct virtq_dev *vq, const struct virtq_dev_cfg *cfg)
{
	if (!vq || !cfg || !cfg->mem || !virtq_size_valid(cfg->layout, cfg->num))
		return -VIRTQ_EINVAL;
	return cfg->layout == VIRTQ_LAYOUT_PACKED ? virtq_dev_init_packed(vq, cfg)
						  : virtq_dev_init_split(vq, cfg);
}

void virtq_dev_reset(struct virtq_dev *vq)
{
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		virtq_dev_reset_packed(vq);
	else
		virtq_dev_reset_split(vq);
}

int virtq_dev_pop(struct virtq_dev *vq, struct virtq_req *req,
		  struct virtq_seg *seg, uint32_t max_seg)
{
	return DISPATCH(vq, virtq_dev_pop, vq, req, seg, max_seg);
}

int virtq_dev_push(struct virtq_dev *vq, const struct virtq_req *req, uint32_t len)
{
	return DISPATCH(vq, virtq_dev_push, vq, req, len);
}

void virtq_dev_flush(struct virtq_dev *vq)
{
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		virtq_dev_flush_packed(vq);
	else
		virtq_dev_flush_split(vq);
}

bool virtq_dev_should_notify(struct virtq_dev *vq)
{
	return DISPATCH(vq, virtq_dev_should_notify, vq);
}

void virtq_dev_disable_notify(struct virtq_dev *vq)
{
	if (vq->layout == VIRTQ_LAYOUT_PACKED)
		virtq_dev_disable_notify_packed(vq);
	else
		virtq_dev_disable_notify_split(vq);
}

bool virtq_dev_enable_notify(struct virtq_dev *vq)
{
	return DISPATCH(vq, virtq_dev_enable_notify, vq);
}

uint32_t virtq_dev_get_base(const struct virtq_dev *vq)
{
	return DISPATCH(vq, virtq_dev_get_base, vq);
}

int virtq_dev_set_base(struct virtq_dev *vq, uint32_t base)
{
	return DISPATCH(vq, virtq_dev_set_base, vq, base);
}

/* Notification data layout (VIRTIO_F_NOTIFICATION_DATA): bits 0..15 vq
 * index; packed: bits 16..30 next_off, bit 31 next_wrap; split: bits
 * 16..31 next avail idx. */
void virtq_dev_parse_notify_data(unsigned layout, uint32_t data, struct virtq_notify *out)
{
	out->vq_index = (uint16_t)(data & 0xffffu);
	if (layout == VIRTQ_LAYOUT_PACKED) {
		out->next_off = (uint16_t)((data >> 16) & 0x7fffu);
		out->next_wrap = (data >> 31) & 1u;
	} else {
		out->next_off = (uint16_t)(data >> 16);
		out->next_wrap = false;
	}
}
