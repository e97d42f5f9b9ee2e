/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_impl.h - the per-layout device functions behind virtq_dev.h.
 * Internal to reference/host; callers use virtq_dev.h.
 */
#ifndef VIRTQ_DEV_IMPL_H
#define VIRTQ_DEV_IMPL_H

#include "plat.h"
#include "virtq_dev.h"

#define VIRTQ_DEV_DECLARE(sfx)							\
size_t virtq_dev_priv_size_##sfx(uint32_t num);					\
int virtq_dev_init_##sfx(struct virtq_dev *vq, const struct virtq_dev_cfg *cfg); \
void virtq_dev_reset_##sfx(struct virtq_dev *vq);				\
int virtq_dev_pop_##sfx(struct virtq_dev *vq, struct virtq_req *req,		\
			struct virtq_seg *seg, uint32_t max_seg);		\
int virtq_dev_push_##sfx(struct virtq_dev *vq, const struct virtq_req *req,	\
			 uint32_t len);						\
void virtq_dev_flush_##sfx(struct virtq_dev *vq);				\
bool virtq_dev_should_notify_##sfx(struct virtq_dev *vq);			\
void virtq_dev_disable_notify_##sfx(struct virtq_dev *vq);			\
bool virtq_dev_enable_notify_##sfx(struct virtq_dev *vq);			\
uint32_t virtq_dev_get_base_##sfx(const struct virtq_dev *vq);			\
int virtq_dev_set_base_##sfx(struct virtq_dev *vq, uint32_t base);

VIRTQ_DEV_DECLARE(packed)
VIRTQ_DEV_DECLARE(split)

/*
 * Mark the queue broken with a protocol-violation code and return it
 * (negative).  The queue stays broken until reset (robustness rules:
 * a malformed ring puts the device into NEEDS_RESET).
 */
static inline int virtq_dev_fail(struct virtq_dev *vq, int err, uint64_t a, uint64_t b)
{
	if (!vq->err) {
		vq->err = -err;
		pvref_log(PVREF_LOG_ERR, virtq_strerror(err), a, b);
	}
	return vq->err;
}

#endif /* VIRTQ_DEV_IMPL_H */
