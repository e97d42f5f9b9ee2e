// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * virtq_dev_split_pop.c - device side of the split virtqueue: taking the
 * next available request and validating it (spec chapter "Split
 * virtqueue", sections "Available and used rings", "Indirect descriptors"
 * and "Robustness", VQS-DEV-*).
 *
 * The ring is hostile input.  avail->idx, each ring entry and each
 * descriptor are read exactly once into locals; decisions are made on the
 * copies only (VQS-DEV-023).  Addresses reach memory only through
 * virtq_mem_translate(), and pop itself touches no buffer, so nothing
 * outside the map or named by a bad chain is accessed (VQS-DEV-035).  Any
 * violation breaks the queue (virtq_dev_fail) until reset; the offending
 * chain is not returned as used (VQS-DEV-022).
 */
#include "plat.h"
#include "virtq_dev_impl.h"

/* A descriptor as read, once, from shared memory, in CPU byte order. */
struct split_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* What the walk has gathered so far. */
struct split_walk {
	struct virtq_seg *seg;
	uint32_t max_seg;
	uint32_t nseg;
	uint32_t out_len;
	uint32_t in_len;
	bool seen_write;
};

static void read_desc(const volatile struct virtq_split_desc *d, struct split_desc *out)
{
	out->addr = pvref_le64(d->addr);
	out->len = pvref_le32(d->len);
	out->flags = pvref_le16(d->flags);
	out->next = pvref_le16(d->next);
}

/* An indirect table the driver placed at an address not aligned for
 * 64-bit loads: read it byte by byte (little-endian wire order). */
static void read_desc_bytes(const volatile unsigned char *p, struct split_desc *out)
{
	uint64_t v[4] = { 0, 0, 0, 0 };
	static const unsigned char width[4] = { 8, 4, 2, 2 };
	unsigned f, b, pos = 0;

	for (f = 0; f < 4; f++)
		for (b = 0; b < width[f]; b++, pos++)
			v[f] |= (uint64_t)p[pos] << (8 * b);
	out->addr = v[0];
	out->len = (uint32_t)v[1];
	out->flags = (uint16_t)v[2];
	out->next = (uint16_t)v[3];
}

/*
 * One buffer descriptor: length not 0 (VQS-DEV-025: EZEROLEN), inside the
 * map without overflow (VQS-DEV-024: EADDR), device-readable ones before
 * device-writable ones (VQS-DEV-031: EWRORDER), room in seg[] (ESEGS), the
 * chain's total length representable in a 32-bit used length (VQS-DRV-005:
 * ECHAINLEN).
 */
static int take_seg(struct virtq_dev *vq, struct split_walk *w, const struct split_desc *d)
{
	bool wr = d->flags & VIRTQ_SPLIT_F_WRITE;
	void *p;

	if (pvref_unlikely(d->len == 0))
		return virtq_dev_fail(vq, VIRTQ_EZEROLEN, d->addr, w->nseg);
	p = virtq_mem_translate(vq->mem, d->addr, d->len);
	if (pvref_unlikely(!p))
		return virtq_dev_fail(vq, VIRTQ_EADDR, d->addr, d->len);
	if (pvref_unlikely(!wr && w->seen_write))
		return virtq_dev_fail(vq, VIRTQ_EWRORDER, d->addr, w->nseg);
	if (pvref_unlikely(w->nseg >= w->max_seg))
		return virtq_dev_fail(vq, VIRTQ_ESEGS, w->nseg, w->max_seg);
	if (pvref_unlikely(d->len > UINT32_MAX - w->out_len - w->in_len))
		return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, d->len, w->out_len + (uint64_t)w->in_len);
	if (wr) {
		w->in_len += d->len;
		w->seen_write = true;
	} else {
		w->out_len += d->len;
	}
	w->seg[w->nseg].addr = p;
	w->seg[w->nseg].len = d->len;
	w->seg[w->nseg].writable = wr;
	w->nseg++;
	return 0;
}

/*
 * An indirect table, which ends the chain (VQS-DEV-009): the feature
 * negotiated (VQS-DEV-030: EINDFEAT), not combined with NEXT (VQS-DEV-027:
 * EINDNEXT), a length that is a non-zero multiple of 16 (VQS-DEV-029:
 * EINDLEN), no more entries than the queue size (VQS-DEV-026: ECHAINLEN),
 * inside the map (VQS-DEV-024: EADDR); inside it, no INDIRECT
 * (VQS-DEV-028: ENESTED), next indexes inside the table (VQS-DEV-034:
 * EDESCIDX), at most as many descriptors as the table holds (VQS-DEV-026:
 * ECHAINLEN, which catches loops).  The WRITE flag of the descriptor
 * pointing at the table is ignored (VQS-DEV-008).
 */
static int walk_indirect(struct virtq_dev *vq, struct split_walk *w, const struct split_desc *ind)
{
	const volatile struct virtq_split_desc *t;
	uint32_t n, cnt = 0;
	uint16_t j = 0;
	bool fast;
	int err;

	if (pvref_unlikely(!vq->f_indirect))
		return virtq_dev_fail(vq, VIRTQ_EINDFEAT, ind->addr, ind->len);
	if (pvref_unlikely(ind->flags & VIRTQ_SPLIT_F_NEXT))
		return virtq_dev_fail(vq, VIRTQ_EINDNEXT, ind->addr, ind->flags);
	if (pvref_unlikely(ind->len == 0 || ind->len % sizeof(struct virtq_split_desc)))
		return virtq_dev_fail(vq, VIRTQ_EINDLEN, ind->addr, ind->len);
	n = ind->len / (uint32_t)sizeof(struct virtq_split_desc);
	if (pvref_unlikely(n > vq->num))
		return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, ind->addr, n);
	t = virtq_mem_translate(vq->mem, ind->addr, ind->len);
	if (pvref_unlikely(!t))
		return virtq_dev_fail(vq, VIRTQ_EADDR, ind->addr, ind->len);
	fast = ((uintptr_t)t & 7u) == 0;
	for (;;) {
		struct split_desc d;

		if (pvref_unlikely(++cnt > n))
			return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, ind->addr, cnt);
		if (fast)
			read_desc(&t[j], &d);
		else
			read_desc_bytes((const volatile unsigned char *)t + 16u * j, &d);
		if (pvref_unlikely(d.flags & VIRTQ_SPLIT_F_INDIRECT))
			return virtq_dev_fail(vq, VIRTQ_ENESTED, ind->addr, j);
		err = take_seg(vq, w, &d);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_SPLIT_F_NEXT))
			return 0;
		if (pvref_unlikely(d.next >= n))
			return virtq_dev_fail(vq, VIRTQ_EDESCIDX, d.next, n);
		j = d.next;
	}
}

/*
 * New available entries since last_avail, avail->idx read once.  Acquire
 * (VQS-DEV-004): the ring entries and descriptors are read after the
 * index; pairs with the driver's release store of avail->idx in
 * virtq_drv_add_split().  The index may not move by more than the queue
 * size (VQS-DEV-033: EAVAILIDX).
 */
static int avail_ready(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	uint16_t idx = pvref_le16(pvref_load_acquire16(&s->avail->idx));
	uint16_t n = (uint16_t)(idx - s->last_avail);

	if (pvref_unlikely(n > vq->num))
		return virtq_dev_fail(vq, VIRTQ_EAVAILIDX, idx, s->last_avail);
	s->avail_idx_cache = idx;
	return n;
}

/*
 * Notifications on with EVENT_IDX and the ring looks empty: move
 * avail_event up to here so the next buffer brings a notification, then
 * look again (the driver may have added one before it saw the new event).
 */
static int rearm_and_recheck(struct virtq_dev *vq)
{
	struct virtq_dev_split_state *s = &vq->u.split;

	if (!vq->f_event_idx || s->notify_off || s->avail_event_shadow == s->last_avail)
		return 0;
	s->avail_event_shadow = s->last_avail;
	*s->avail_event = pvref_le16(s->last_avail);
	/*
	 * Full barrier (VQS-DEV-021): the avail_event store before the
	 * avail->idx reload (store->load); pairs with the barrier in
	 * virtq_drv_kick_prepare_split() between publishing avail->idx and
	 * reading avail_event.
	 */
	pvref_mb();
	return avail_ready(vq);
}

/*
 * Take the next request in ring order: head index inside the table
 * (VQS-DEV-032: EDESCIDX) and not already in flight (VQS-DEV-032: EDUPID);
 * the chain follows next fields inside the table (VQS-DEV-034: EDESCIDX)
 * for at most num descriptors (VQS-DEV-026: ECHAINLEN, a longer chain or a
 * loop); segments come out in chain order (VQS-DEV-003); an indirect
 * descriptor ends the chain (VQS-DEV-009).  Nothing is committed (in-flight
 * bit, position) unless the whole chain is valid.
 */
int virtq_dev_pop_split(struct virtq_dev *vq, struct virtq_req *req,
			struct virtq_seg *seg, uint32_t max_seg)
{
	struct virtq_dev_split_state *s = &vq->u.split;
	struct split_walk w = { seg, max_seg, 0, 0, 0, false };
	uint32_t nring = 0;
	uint16_t head, i;
	int err;

	if (pvref_unlikely(vq->err))
		return vq->err;
	if (s->last_avail == s->avail_idx_cache) {
		err = avail_ready(vq);
		if (err == 0)
			err = rearm_and_recheck(vq);
		if (err <= 0)
			return err;
	}

	head = pvref_le16(s->avail->ring[s->last_avail & s->mask]);  /* read once */
	if (pvref_unlikely(head >= vq->num))
		return virtq_dev_fail(vq, VIRTQ_EDESCIDX, head, s->last_avail);
	if (pvref_unlikely(s->inflight[head / 64u] & ((uint64_t)1 << (head % 64u))))
		return virtq_dev_fail(vq, VIRTQ_EDUPID, head, s->last_avail);

	for (i = head;;) {
		struct split_desc d;

		if (pvref_unlikely(++nring > vq->num))
			return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, head, nring);
		read_desc(&s->desc[i], &d);
		if (d.flags & VIRTQ_SPLIT_F_INDIRECT) {
			err = walk_indirect(vq, &w, &d);
			if (err)
				return err;
			break;
		}
		err = take_seg(vq, &w, &d);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_SPLIT_F_NEXT))
			break;
		if (pvref_unlikely(d.next >= vq->num))
			return virtq_dev_fail(vq, VIRTQ_EDESCIDX, d.next, head);
		i = d.next;
	}

	s->inflight[head / 64u] |= (uint64_t)1 << (head % 64u);
	if (vq->f_in_order)
		s->order[s->last_avail & s->mask] = head;
	s->last_avail++;
	req->id = head;
	req->ndesc = (uint16_t)nring;
	req->nseg = w.nseg;
	req->out_len = w.out_len;
	req->in_len = w.in_len;
	req->seg = seg;
	return 1;
}
