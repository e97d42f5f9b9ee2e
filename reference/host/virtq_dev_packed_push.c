/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_packed_push.c - packed virtqueue, device side: returning used
 * buffers.  push stages used elements, flush publishes them; a batch's
 * first element gets its flags last, behind a release, so the driver sees
 * the whole batch at once.  With VIRTIO_F_IN_ORDER a batch is one used
 * element carrying the last buffer's ID.
 *
 * Spec: "Packed Virtqueues": used descriptors, in-order completion
 * (VQP-DEV-*).
 */
#include "plat.h"
#include "virtq_dev_impl.h"

/*
 * VQP-DEV-007: a used descriptor has AVAIL and USED equal to the device
 * ring wrap counter; VQP-DEV-016: WRITE if and only if the device wrote
 * data, len then counts the bytes.
 */
static uint16_t used_flags(bool wrap, uint32_t len)
{
	return (uint16_t)((wrap ? (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED) : 0) |
			  (len ? VIRTQ_DESC_F_WRITE : 0));
}

int virtq_dev_push_packed(struct virtq_dev *vq, const struct virtq_req *req, uint32_t len)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint64_t bit;
	uint32_t pos;

	if (pvref_unlikely(vq->err))
		return -VIRTQ_EBROKEN;
	/* VQP-DEV-053/054: only an outstanding buffer, once, len within its
	 * writable part */
	if (!req || req->id >= vq->num || len > req->in_len ||
	    req->ndesc == 0 || req->ndesc > vq->num)
		return -VIRTQ_EINVAL;
	bit = (uint64_t)1 << (req->id % 64);
	if (!(p->inflight[req->id / 64] & bit))
		return -VIRTQ_EINVAL;
	p->inflight[req->id / 64] &= ~bit;

	/* VQP-DEV-022: the staged in-order batch ends with a partly written
	 * buffer; publish it before anything follows that buffer */
	if (vq->f_in_order && p->batch_count && p->batch_last_short)
		virtq_dev_flush_packed(vq);
	if (p->batch_count == 0) {
		p->batch_start = p->next_used;
		p->batch_start_wrap = p->used_wrap;
		p->batch_ndesc = 0;
	}
	if (vq->f_in_order) {
		/* VQP-DEV-021: only the batch's last buffer is written, at
		 * flush.  VQP-DEV-022: a buffer with fewer bytes than its
		 * writable size may only end a batch */
		p->batch_last_id = req->id;
		p->batch_last_len = len;
		p->batch_last_short = len < req->in_len;
	} else {
		p->desc[p->next_used].id = pvref_le16(req->id);
		p->desc[p->next_used].len = pvref_le32(len);
		/* the first element's flags wait for flush; the others may be
		 * written now: the driver reads past the first only after it
		 * has seen the first, which is released after these */
		if (p->batch_count == 0)
			p->batch_first_flags = used_flags(p->used_wrap, len);
		else
			p->desc[p->next_used].flags = pvref_le16(used_flags(p->used_wrap, len));
	}
	p->batch_count++;
	p->batch_ndesc += req->ndesc;
	/* VQP-DEV-006/015: the next used element goes after the whole chain */
	pos = (uint32_t)p->next_used + req->ndesc;
	if (pos >= vq->num) {
		pos -= vq->num;
		p->used_wrap = !p->used_wrap;
	}
	p->next_used = (uint16_t)pos;
	return 0;
}

void virtq_dev_flush_packed(struct virtq_dev *vq)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	uint16_t slot = p->batch_start, flags;

	if (vq->err || p->batch_count == 0)
		return;
	if (vq->f_in_order) {
		/* VQP-DEV-021: one element at the batch's first slot names the
		 * last buffer; the driver completes everything before it */
		p->desc[slot].id = pvref_le16(p->batch_last_id);
		p->desc[slot].len = pvref_le32(p->batch_last_len);
		flags = used_flags(p->batch_start_wrap, p->batch_last_len);
	} else {
		flags = p->batch_first_flags;
	}
	/*
	 * VQP-DEV-017/023, release: every used element of the batch (and the
	 * data written into the buffers) before the first element's flags.  Pairs with the
	 * driver's acquire load of the flags in virtq_drv_get().
	 */
	pvref_store_release16(&p->desc[slot].flags, pvref_le16(flags));
	p->used_since += p->batch_ndesc;
	p->batch_count = 0;
	p->batch_ndesc = 0;
}
