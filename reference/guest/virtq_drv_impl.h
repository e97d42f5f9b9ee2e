/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_drv_impl.h - the per-layout driver functions behind virtq_drv.h.
 * Internal to reference/guest; callers use virtq_drv.h.
 */
#ifndef VIRTQ_DRV_IMPL_H
#define VIRTQ_DRV_IMPL_H

#include "virtq_drv.h"

#define VIRTQ_DRV_DECLARE(sfx)							\
size_t virtq_drv_priv_size_##sfx(uint32_t num);					\
int virtq_drv_init_##sfx(struct virtq_drv *vq, const struct virtq_drv_cfg *cfg); \
void virtq_drv_reset_##sfx(struct virtq_drv *vq);				\
void *virtq_drv_detach_##sfx(struct virtq_drv *vq);				\
int virtq_drv_add_##sfx(struct virtq_drv *vq, const struct virtq_sg *sg,	\
			uint32_t out, uint32_t in, void *token, uint32_t flags); \
bool virtq_drv_kick_prepare_##sfx(struct virtq_drv *vq);			\
uint32_t virtq_drv_notify_data_##sfx(const struct virtq_drv *vq);		\
void *virtq_drv_get_##sfx(struct virtq_drv *vq, uint32_t *len);		\
bool virtq_drv_more_used_##sfx(const struct virtq_drv *vq);			\
void virtq_drv_disable_cb_##sfx(struct virtq_drv *vq);				\
bool virtq_drv_enable_cb_##sfx(struct virtq_drv *vq);				\
bool virtq_drv_enable_cb_delayed_##sfx(struct virtq_drv *vq);

VIRTQ_DRV_DECLARE(packed)
VIRTQ_DRV_DECLARE(split)

#endif /* VIRTQ_DRV_IMPL_H */
