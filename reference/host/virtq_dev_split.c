// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_dev_split.c - device side of the split virtqueue: set-up, reset,
 * ring position (migration / vhost-user VRING_BASE) and available-buffer
 * notification suppression (spec chapter "Split virtqueue", VQS-DEV-*).
 * Taking requests is in virtq_dev_split_pop.c, returning them in
 * virtq_dev_split_used.c.
 */
#include "plat.h"
#include "virtq_dev_impl.h"
#include "virtio_features.h"

static size_t bitmap_words(uint32_t num)
{
	return ((size_t)num + 63u) / 64u;
}

/* inflight bitmap, then the in-order pop record */
size_t virtq_dev_priv_size_split(uint32_t num)
{
	return bitmap_words(num) * sizeof(uint64_t) + (size_t)num * sizeof(uint16_t);
}

static bool hva_aligned(const volatile void *p, uintptr_t a)
{
	return ((uintptr_t)p & (a - 1)) == 0;
}

/*
 * The three areas must be aligned as the split layout requires (descriptor
 * table 16, available ring 2, used ring 4: VQS-DRV-001) and lie wholly
 * inside the map, event fields included (VQS-DEV-024 applied to the rings).
 */
int virtq_dev_init_split(struct virtq_dev *vq, const struct virtq_dev_cfg *cfg)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	uint32_t num = cfg->num;

	if (cfg->layout != VIRTQ_LAYOUT_SPLIT || !cfg->priv ||
	    cfg->priv_size < virtq_dev_priv_size_split(num) ||
	    ((uintptr_t)cfg->priv & 7u) ||
	    (cfg->desc_gpa & (VIRTQ_SPLIT_DESC_ALIGN - 1)) ||
	    (cfg->driver_gpa & (VIRTQ_SPLIT_AVAIL_ALIGN - 1)) ||
	    (cfg->device_gpa & (VIRTQ_SPLIT_USED_ALIGN - 1)))
		return -VIRTQ_EINVAL;

	s->desc = virtq_mem_translate(cfg->mem, cfg->desc_gpa, virtq_split_desc_bytes(num));
	s->avail = virtq_mem_translate(cfg->mem, cfg->driver_gpa, virtq_split_avail_bytes(num));
	s->used = virtq_mem_translate(cfg->mem, cfg->device_gpa, virtq_split_used_bytes(num));
	if (!s->desc || !s->avail || !s->used)
		return -VIRTQ_EADDR;
	if (!hva_aligned(s->desc, 8) || !hva_aligned(s->avail, 2) || !hva_aligned(s->used, 4))
		return -VIRTQ_EINVAL;  /* the host mapping itself is misaligned */

	vq->layout = VIRTQ_LAYOUT_SPLIT;
	vq->num = num;
	vq->vq_index = cfg->vq_index;
	vq->f_indirect = virtio_has_feature(cfg->features, VIRTIO_F_INDIRECT_DESC);
	vq->f_event_idx = virtio_has_feature(cfg->features, VIRTIO_F_EVENT_IDX);
	vq->f_in_order = virtio_has_feature(cfg->features, VIRTIO_F_IN_ORDER);
	vq->f_notif_data = virtio_has_feature(cfg->features, VIRTIO_F_NOTIFICATION_DATA);
	vq->mem = cfg->mem;

	s->used_event = virtq_split_used_event(s->avail, num);
	s->avail_event = virtq_split_avail_event(s->used, num);
	s->inflight = cfg->priv;
	s->order = (uint16_t *)(void *)(s->inflight + bitmap_words(num));
	s->mask = (uint16_t)(num - 1);
	virtq_dev_reset_split(vq);
	return 0;
}

/* Ring memory belongs to the driver to initialise (VQS-DRV-003); the
 * device forgets its position, its in-flight heads and its error, and
 * starts again from index zero with nothing outstanding (VQS-DEV-020). */
void virtq_dev_reset_split(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	size_t i;

	for (i = 0; i < bitmap_words(vq->num); i++)
		s->inflight[i] = 0;
	vq->err = 0;
	s->last_avail = 0;
	s->avail_idx_cache = 0;
	s->avail_event_shadow = 0;
	s->used_idx = 0;
	s->used_pub = 0;
	s->signalled_used = 0;
	s->used_flags = 0;
	s->notify_off = false;
	s->batch_count = 0;
	s->batch_last_id = 0;
	s->batch_last_len = 0;
	s->batch_last_partial = false;
}

/*
 * Split ring position: last avail idx in bits 0..15, used idx in bits
 * 16..31.  Only published used elements count: flush before saving.
 */
uint32_t virtq_dev_get_base_split(const struct virtq_dev *vq)
{
	return (uint32_t)vq->u.split.last_avail | (uint32_t)vq->u.split.used_pub << 16;
}

/* Restore a position.  Requests in flight at save time are not restored;
 * at most num may lie between used and last avail. */
int virtq_dev_set_base_split(struct virtq_dev *vq, uint32_t base)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	uint16_t last_avail = (uint16_t)(base & 0xffffu);
	uint16_t used = (uint16_t)(base >> 16);
	size_t i;

	if ((uint16_t)(last_avail - used) > vq->num)
		return -VIRTQ_EINVAL;
	for (i = 0; i < bitmap_words(vq->num); i++)
		s->inflight[i] = 0;
	s->last_avail = last_avail;
	s->avail_idx_cache = last_avail;
	s->avail_event_shadow = last_avail;
	s->used_idx = used;
	s->used_pub = used;
	s->signalled_used = used;
	s->batch_count = 0;
	/*
	 * The device area may still hold what an earlier instance wrote
	 * (vhost-user stop/start, migration): make it match this instance's
	 * shadows, or enable_notify / the empty-ring re-arm skip a store the
	 * driver needs to see (VQS-DEV-012, VQS-DEV-021).  Published by the
	 * barriers of the next enable_notify / pop re-check.
	 */
	s->used->flags = pvref_le16(s->used_flags);
	if (vq->f_event_idx)
		*s->avail_event = pvref_le16(s->avail_event_shadow);
	return 0;
}

/*
 * Available-buffer notification suppression.  Without EVENT_IDX:
 * VIRTQ_USED_F_NO_NOTIFY in used->flags, 0 or 1 (VQS-DEV-012).  With it,
 * flags stay 0 (VQS-DEV-013) and avail_event says after which avail index
 * the device wants the next notification.
 */
void virtq_dev_disable_notify_split(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;

	if (s->notify_off)
		return;
	s->notify_off = true;
	/*
	 * With EVENT_IDX nothing is written: avail_event stays where the last
	 * enable put it, so at most one more notification comes (when the
	 * driver passes it), then none until the 16-bit index wraps;
	 * suppression is only a hint.
	 */
	if (!vq->f_event_idx) {
		s->used_flags |= VIRTQ_USED_F_NO_NOTIFY;
		s->used->flags = pvref_le16(s->used_flags);
	}
}

/* Ask for notifications again, then look at avail->idx once more: false
 * when requests are already waiting (pop again rather than sleep). */
bool virtq_dev_enable_notify_split(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;

	if (vq->err)
		return true;
	s->notify_off = false;
	if (vq->f_event_idx) {
		s->avail_event_shadow = s->last_avail;
		*s->avail_event = pvref_le16(s->last_avail);
	} else if (s->used_flags & VIRTQ_USED_F_NO_NOTIFY) {
		s->used_flags &= (uint16_t)~VIRTQ_USED_F_NO_NOTIFY;
		s->used->flags = pvref_le16(s->used_flags);
	}
	/*
	 * Full barrier (VQS-DEV-021, ordering table: re-enable before re-read
	 * of avail idx): the used->flags / avail_event store before the
	 * avail->idx load (store->load); pairs with the barrier in
	 * virtq_drv_kick_prepare_split() between publishing avail->idx and
	 * reading used->flags / avail_event.
	 */
	pvref_mb();
	return pvref_le16(pvref_load_acquire16(&s->avail->idx)) == s->last_avail;
}
