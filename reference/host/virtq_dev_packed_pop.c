/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_dev_packed_pop.c - packed virtqueue, device side: taking the next
 * available request.  The ring is hostile input: every descriptor is
 * copied once into a local struct and only the copy is checked and used;
 * every address goes through the memory map; a malformed request breaks
 * the queue with a specific code and leaves the ring position unchanged.
 *
 * Spec: "Packed Virtqueues": available descriptors, chains, indirect
 * descriptors, Buffer IDs; pvspec robustness rules (VQP-DEV-*).
 */
#include "plat.h"
#include "virtq_dev_impl.h"

/* Where the segments of the request being parsed go. */
struct pop_acc {
	struct virtq_seg *seg;
	uint32_t max_seg;
	uint32_t nseg;
	uint64_t out_len;
	uint64_t in_len;
};

/* VQP-DEV-008: available when AVAIL equals the slot's wrap counter and
 * USED does not. */
static bool is_avail(uint16_t flags, bool wrap)
{
	return ((flags & VIRTQ_DESC_F_AVAIL) != 0) == wrap &&
	       ((flags & VIRTQ_DESC_F_USED) != 0) != wrap;
}

/* VQP-DEV-039: a local copy of one descriptor, each field read once (no
 * double fetch); only the copy is checked and used. */
static void copy_desc(struct virtq_packed_desc *d, const volatile struct virtq_packed_desc *s)
{
	d->addr = pvref_le64(s->addr);
	d->len = pvref_le32(s->len);
	d->id = pvref_le16(s->id);
}

/* The same for a descriptor of an indirect table the driver placed at an
 * address not aligned for 64-bit loads: byte by byte, little-endian wire
 * order, each byte once; also returns the flags. */
static uint16_t copy_desc_bytes(struct virtq_packed_desc *d, const volatile unsigned char *s)
{
	uint64_t v[4] = { 0, 0, 0, 0 };
	static const unsigned char width[4] = { 8, 4, 2, 2 };
	unsigned f, b, pos = 0;

	for (f = 0; f < 4; f++)
		for (b = 0; b < width[f]; b++, pos++)
			v[f] |= (uint64_t)s[pos] << (8 * b);
	d->addr = v[0];
	d->len = (uint32_t)v[1];
	d->id = (uint16_t)v[2];
	return (uint16_t)v[3];
}

/* One buffer segment: non-zero length, inside the map, readable before
 * writable, room in the caller's array. */
static int take_seg(struct virtq_dev *vq, struct pop_acc *a, const struct virtq_packed_desc *d,
		    bool writable)
{
	void *ptr;

	/* VQP-DEV-041: zero-length descriptors are malformed */
	if (pvref_unlikely(d->len == 0))
		return virtq_dev_fail(vq, VIRTQ_EZEROLEN, d->addr, 0);
	/* VQP-DEV-040/051: inside the driver's memory, no 64-bit overflow */
	ptr = virtq_mem_translate(vq->mem, d->addr, d->len);
	if (pvref_unlikely(!ptr))
		return virtq_dev_fail(vq, VIRTQ_EADDR, d->addr, d->len);
	/* VQP-DEV-047: all device-readable descriptors come before the
	 * writable ones */
	if (pvref_unlikely(!writable && a->in_len))
		return virtq_dev_fail(vq, VIRTQ_EWRORDER, d->addr, a->nseg);
	if (pvref_unlikely(a->nseg >= a->max_seg))
		return virtq_dev_fail(vq, VIRTQ_ESEGS, a->nseg, a->max_seg);
	a->seg[a->nseg].addr = ptr;
	a->seg[a->nseg].len = d->len;
	a->seg[a->nseg].writable = writable;
	a->nseg++;
	if (writable)
		a->in_len += d->len;
	else
		a->out_len += d->len;
	return 0;
}

/*
 * An indirect table is an array of descriptors used in table order whose
 * id and NEXT are ignored (VQP-DEV-019); its length is a non-zero multiple
 * of 16 (VQP-DEV-045), its entries no more than the queue size
 * (VQP-DEV-042), and none of them may be INDIRECT again (VQP-DEV-044).
 */
static int walk_indirect(struct virtq_dev *vq, struct pop_acc *a, const struct virtq_packed_desc *d)
{
	const volatile struct virtq_packed_desc *t;
	uint32_t i, n;
	bool fast;
	int r;

	if (pvref_unlikely(d->len == 0 || d->len % sizeof(struct virtq_packed_desc)))
		return virtq_dev_fail(vq, VIRTQ_EINDLEN, d->addr, d->len);
	n = d->len / (uint32_t)sizeof(struct virtq_packed_desc);
	if (pvref_unlikely(n > vq->num))
		return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, d->addr, n);
	t = (const volatile struct virtq_packed_desc *)virtq_mem_translate(vq->mem, d->addr, d->len);
	if (pvref_unlikely(!t))
		return virtq_dev_fail(vq, VIRTQ_EADDR, d->addr, d->len);
	/* the packed layout sets no alignment for an indirect table */
	fast = ((uintptr_t)t & 7u) == 0;
	for (i = 0; i < n; i++) {
		struct virtq_packed_desc e;
		uint16_t f;

		if (pvref_likely(fast)) {
			f = pvref_le16(t[i].flags);
			copy_desc(&e, &t[i]);
		} else {
			f = copy_desc_bytes(&e, (const volatile unsigned char *)t + 16u * i);
		}
		if (pvref_unlikely(f & VIRTQ_DESC_F_INDIRECT))
			return virtq_dev_fail(vq, VIRTQ_ENESTED, d->addr, i);
		r = take_seg(vq, a, &e, (f & VIRTQ_DESC_F_WRITE) != 0);
		if (r)
			return r;
	}
	return 0;
}

int virtq_dev_pop_packed(struct virtq_dev *vq, struct virtq_req *req,
			 struct virtq_seg *seg, uint32_t max_seg)
{
	struct virtq_dev_packed_state *p = &vq->u.packed;
	struct pop_acc a = { seg, max_seg, 0, 0, 0 };
	struct virtq_packed_desc d;
	uint32_t slot = p->last_avail, ndesc = 0;
	bool wrap = p->avail_wrap;
	uint16_t flags;
	int r;

	if (pvref_unlikely(vq->err))
		return vq->err;
	/*
	 * VQP-DEV-003/009: the next head in ring order, its flags with
	 * acquire: nothing of the request is read before we know it is
	 * available.  Pairs with the driver's release
	 * store of the head flags, which it writes after the whole chain.
	 */
	flags = pvref_le16(pvref_load_acquire16(&p->desc[slot].flags));
	if (!is_avail(flags, wrap))
		return 0;

	for (;;) {
		copy_desc(&d, &p->desc[slot]);
		ndesc++;
		if (++slot == vq->num) {
			slot = 0;
			wrap = !wrap;
		}
		if (flags & VIRTQ_DESC_F_INDIRECT) {
			/* VQP-DEV-046 */
			if (pvref_unlikely(!vq->f_indirect))
				return virtq_dev_fail(vq, VIRTQ_EINDFEAT, d.addr, d.id);
			/* VQP-DEV-043: an indirect descriptor stands alone: no
			 * NEXT on it, and it is not part of a chain */
			if (pvref_unlikely((flags & VIRTQ_DESC_F_NEXT) || ndesc > 1))
				return virtq_dev_fail(vq, VIRTQ_EINDNEXT, d.addr, d.id);
			r = walk_indirect(vq, &a, &d);
			if (r)
				return r;
			break;
		}
		r = take_seg(vq, &a, &d, (flags & VIRTQ_DESC_F_WRITE) != 0);
		if (r)
			return r;
		if (!(flags & VIRTQ_DESC_F_NEXT))
			break;
		/* VQP-DEV-042: a chain is at most the queue size long */
		if (pvref_unlikely(ndesc >= vq->num))
			return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, slot, ndesc);
		/* the rest of the chain was written before the head's flags,
		 * so the acquire above covers these plain reads */
		flags = pvref_le16(p->desc[slot].flags);
		/* VQP-DEV-050: every descriptor of the chain must be
		 * available in the same lap */
		if (pvref_unlikely(!is_avail(flags, wrap)))
			return virtq_dev_fail(vq, VIRTQ_ENOTAVAIL, slot, flags);
	}

	/* VQP-DEV-015/020: the Buffer ID is read from the last descriptor
	 * (the ring descriptor of an indirect table); VQP-DEV-048/049 */
	if (pvref_unlikely(d.id >= vq->num))
		return virtq_dev_fail(vq, VIRTQ_EBADID, d.id, vq->num);
	if (pvref_unlikely(p->inflight[d.id / 64] & ((uint64_t)1 << (d.id % 64))))
		return virtq_dev_fail(vq, VIRTQ_EDUPID, d.id, 0);
	/* byte totals must fit the 32-bit used length (only a hostile driver
	 * overlaps segments into more than 4 GiB) */
	if (pvref_unlikely(a.out_len > UINT32_MAX || a.in_len > UINT32_MAX))
		return virtq_dev_fail(vq, VIRTQ_ECHAINLEN, a.out_len, a.in_len);

	p->inflight[d.id / 64] |= (uint64_t)1 << (d.id % 64);
	p->last_avail = (uint16_t)slot;
	p->avail_wrap = wrap;
	req->id = d.id;
	req->ndesc = (uint16_t)ndesc;
	req->nseg = a.nseg;
	req->out_len = (uint32_t)a.out_len;
	req->in_len = (uint32_t)a.in_len;
	req->seg = seg;
	return 1;
}
