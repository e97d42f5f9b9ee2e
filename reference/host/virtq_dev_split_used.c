// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_dev_split_used.c - device side of the split virtqueue: returning
 * used buffers and the used-buffer notification decision (spec chapter
 * "Split virtqueue", sections "Available and used rings", "In-order use",
 * "Notification suppression and event indices").
 *
 * push stages an element; flush publishes every staged element with one
 * release store of used->idx.  With VIRTIO_F_IN_ORDER consecutive buffers
 * are published as a single used element at the batch's first position,
 * naming the last buffer, and used->idx advances by the batch size.
 */
#include "plat.h"
#include "virtq_dev_impl.h"

/* In order: write the staged batch's one used element (VQS-DEV-010). */
static void close_batch(struct virtq_dev_split_state *s)
{
	uint16_t first = (uint16_t)(s->used_idx - s->batch_count);
	volatile struct virtq_split_used_elem *e = &s->used->ring[first & s->mask];

	e->id = pvref_le32(s->batch_last_id);
	e->len = pvref_le32(s->batch_last_len);
	s->batch_count = 0;
}

/*
 * Mark a popped request used.  VQS-DEV-036: only a head in flight, once;
 * VQS-DEV-038: len no more than the writable size; in order, the n-th
 * buffer popped is the n-th used (FEAT-DEV-016).  A buffer not fully
 * written may only end a batch (VQS-DEV-011): the next push starts a new
 * used element.  A broken queue takes nothing (EBROKEN).
 */
int virtq_dev_push_split(struct virtq_dev *vq, const struct virtq_req *req, uint32_t len)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	uint16_t id = req->id;
	uint64_t bit = (uint64_t)1 << (id % 64u);

	if (pvref_unlikely(vq->err))
		return -VIRTQ_EBROKEN;
	if (id >= vq->num || !(s->inflight[id / 64u] & bit) || len > req->in_len)
		return -VIRTQ_EINVAL;
	if (vq->f_in_order) {
		if (id != s->order[s->used_idx & s->mask])
			return -VIRTQ_EINVAL;
		if (s->batch_count && s->batch_last_partial)
			close_batch(s);
		s->batch_count++;
		s->batch_last_id = id;
		s->batch_last_len = len;
		s->batch_last_partial = len < req->in_len;
	} else {
		volatile struct virtq_split_used_elem *e = &s->used->ring[s->used_idx & s->mask];

		/* VQS-DEV-005: id is the head index, len the bytes written */
		e->id = pvref_le32(id);
		e->len = pvref_le32(len);
	}
	s->inflight[id / 64u] &= ~bit;
	s->used_idx++;
	return 0;
}

/* Publish everything staged with one index update (VQS-DEV-037: by exactly
 * the number of buffers the elements account for). */
void virtq_dev_flush_split(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;

	if (pvref_unlikely(vq->err) || s->used_idx == s->used_pub)
		return;
	if (s->batch_count)
		close_batch(s);
	/*
	 * Release (VQS-DEV-005, VQS-DEV-021): orders the used element stores
	 * and the device's writes into the buffers before the new index;
	 * pairs with the driver's acquire load of used->idx in
	 * virtq_drv_get_split().
	 */
	pvref_store_release16(&s->used->idx, pvref_le16(s->used_idx));
	s->used_pub = s->used_idx;
}

/*
 * Used-buffer notification: with EVENT_IDX, when used->idx crossed
 * used_event since the last decision (VQS-DEV-017, VQS-DEV-018; avail
 * flags ignored); otherwise unless the driver set VIRTQ_AVAIL_F_NO_INTERRUPT
 * (VQS-DEV-015, VQS-DEV-016; used_event ignored).  Nothing published since
 * the last decision: no notification.
 */
bool virtq_dev_should_notify_split(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	uint16_t old = s->signalled_used, new_idx = s->used_pub;

	if (pvref_unlikely(vq->err) || old == new_idx)
		return false;
	s->signalled_used = new_idx;
	/*
	 * Full barrier (VQS-DEV-014): the used->idx store (flush) before
	 * reading used_event / avail->flags (store->load); pairs with the
	 * barrier the driver places between writing those and re-reading
	 * used->idx (arm_cb() and the empty-ring re-check in
	 * virtq_drv_split_used.c).
	 */
	pvref_mb();
	if (vq->f_event_idx)
		return virtq_split_need_event(pvref_le16(*s->used_event), new_idx, old);
	return !(pvref_le16(s->avail->flags) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}
