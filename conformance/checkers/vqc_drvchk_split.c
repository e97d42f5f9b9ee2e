// SPDX-License-Identifier: GPL-2.0-only
/*
 * vqc_drvchk_split.c - driver checker, split layout.
 */
#include <string.h>
#include "vqc_drvchk.h"
#include "vqc_reqs.h"
#include "virtq_split.h"

static int s_indirect(struct vqc_drvchk *c, struct vqc_avail_buf *b,
		      const struct virtq_split_desc *v)
{
	const struct virtq_split_desc *t;
	uint32_t n, i = 0, steps = 0;

	if (!virtio_has_feature(c->r.features, VIRTIO_F_INDIRECT_DESC)) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INDFEAT, "INDIRECT without VIRTIO_F_INDIRECT_DESC");
		return -1;
	}
	if (v->flags & VIRTQ_SPLIT_F_NEXT) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INDNEXT, "INDIRECT together with NEXT");
		return -1;
	}
	if (!v->len || v->len % 16 || v->len / 16 > c->r.num) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INDLEN,
			   "indirect table length %u not a non-zero multiple of 16 within the queue size", v->len);
		return -1;
	}
	t = vqc_translate(&c->r, v->addr, v->len);
	if (!t) {
		vqc_report(c->rep, VQC_MUST, VQR_S_DRV_ADDR, "indirect table outside guest memory");
		return -1;
	}
	n = v->len / 16;
	b->indirect = true;
	b->itab_gpa = v->addr;
	b->itab_len = v->len;
	for (;;) {
		if (t[i].flags & VIRTQ_SPLIT_F_INDIRECT) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INDNEST, "INDIRECT inside an indirect table");
			return -1;
		}
		if (vqc_drvchk_seg(c, b, t[i].addr, t[i].len, t[i].flags))
			return -1;
		if (!(t[i].flags & VIRTQ_SPLIT_F_NEXT))
			return 0;
		if (virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER) && t[i].next != i + 1) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INORDER_IND,
				   "IN_ORDER: indirect entry %u links to %u", i, t[i].next);
			return -1;
		}
		i = t[i].next;
		if (i >= n || ++steps >= n) {
			vqc_report(c->rep, VQC_MUST, i >= n ? VQR_S_DRV_NEXT : VQR_S_DRV_CHAINLEN,
				   "indirect chain leaves its table or loops (next %u of %u)", i, n);
			return -1;
		}
	}
}

int vqc_drvchk_poll_split(struct vqc_drvchk *c, struct vqc_avail_buf *b)
{
	volatile struct virtq_split_avail *a = c->r.driver;
	volatile struct virtq_split_desc *d = c->r.desc;
	uint16_t idx, head, i;
	uint32_t n = 0;

	memset(b, 0, offsetof(struct vqc_avail_buf, seg));
	if (c->lost)
		return 0;
	/* acquire: the ring entry and descriptors are read after idx */
	idx = vqc_ld16(&a->idx);
	if (idx == c->avail_idx)
		return 0;
	if ((uint16_t)(idx - c->avail_idx) > c->r.num - c->inflight) {
		vqc_report(c->rep, VQC_MUST,
			   (uint16_t)(idx - c->avail_idx) >= 0x8000u ? VQR_S_DRV_IDX_BACK : VQR_S_DRV_OUTSTANDING,
			   "avail idx %u is %u ahead of %u with %u buffers in flight (queue size %u)",
			   idx, (uint16_t)(idx - c->avail_idx), c->avail_idx, c->inflight, c->r.num);
		goto lost;
	}
	head = a->ring[c->avail_idx % c->r.num];
	i = head;
	for (;;) {
		struct virtq_split_desc v;

		if (i >= c->r.num || c->owned[i]) {
			vqc_report(c->rep, VQC_MUST,
				   i >= c->r.num ? VQR_S_DRV_NEXT : VQR_S_DRV_OUTSTANDING,
				   "chain from head %u reaches descriptor %u, %s", head, i,
				   i >= c->r.num ? "not below the queue size" : "already in flight");
			goto lost;
		}
		if (++n > c->r.num) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_CHAINLEN, "chain from head %u loops", head);
			goto lost;
		}
		v.addr = d[i].addr;
		v.len = d[i].len;
		v.flags = d[i].flags;
		v.next = d[i].next;
		/* VQS-DRV-018: with IN_ORDER, descriptors are taken in ring order */
		if (virtio_has_feature(c->r.features, VIRTIO_F_IN_ORDER) && i != c->inorder_next) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_INORDER_DESC,
				   "IN_ORDER: descriptor %u used where %u comes next in ring order",
				   i, c->inorder_next);
			goto lost;
		}
		c->inorder_next = (uint16_t)((i + 1) % c->r.num);
		c->owned[i] = 1;
		memcpy(c->shadow[i], (const void *)&d[i], 16);
		if (v.flags & VIRTQ_SPLIT_F_INDIRECT) {
			if (s_indirect(c, b, &v))
				goto lost;
		} else if (vqc_drvchk_seg(c, b, v.addr, v.len, v.flags)) {
			goto lost;
		}
		if (!(v.flags & VIRTQ_SPLIT_F_NEXT))
			break;
		i = v.next;
	}
	b->id = head;
	b->ndesc = (uint16_t)n;
	c->ids[head].busy = true;
	c->ids[head].ndesc = (uint16_t)n;
	c->ids[head].wlen = b->wlen;
	c->ids[head].itab_gpa = b->indirect ? b->itab_gpa : 0;
	c->ids[head].itab_len = b->itab_len;
	c->ids[head].itab_hash = b->indirect ? vqc_hash(vqc_translate(&c->r, b->itab_gpa, b->itab_len),
							b->itab_len, 0xcbf29ce484222325ull) : 0;
	c->order[(c->ord_head + c->ord_count++) % VQC_MAX_NUM] = head;
	c->inflight++;
	c->avail_idx++;
	return 1;
lost:
	c->lost = true;
	return -1;
}

/* Used ring entry first, then used idx with a release store (pairs with
 * the driver's acquire load of used idx). */
void vqc_drvchk_write_used_split(struct vqc_drvchk *c, uint32_t id, uint32_t len)
{
	volatile struct virtq_split_used *u = c->r.device;

	u->ring[c->used_idx % c->r.num].id = id;
	u->ring[c->used_idx % c->r.num].len = len;
	c->used_idx++;
	vqc_st16(&u->idx, c->used_idx);
}

int vqc_drvchk_snapshot_split(struct vqc_drvchk *c, const void *desc, const void *driver)
{
	const struct virtq_split_desc *s = desc;
	const struct virtq_split_avail *sa = driver;
	const volatile struct virtq_split_desc *d = c->r.desc;
	const volatile struct virtq_split_avail *a = c->r.driver;
	uint16_t k;

	/* every entry below the snapshot's idx, and its chain, must be final */
	for (k = c->avail_idx; k != sa->idx && (uint16_t)(k - c->avail_idx) < c->r.num; k++) {
		uint16_t slot = k % c->r.num, i = sa->ring[slot];
		uint32_t n = 0;

		if (sa->ring[slot] != a->ring[slot]) {
			vqc_report(c->rep, VQC_MUST, VQR_S_DRV_PUBLISH,
				   "avail idx %u published before ring entry %u was written", sa->idx, k);
			return -1;
		}
		while (i < c->r.num && n++ < c->r.num) {
			if (memcmp(&s[i], (const void *)&d[i], 16)) {
				vqc_report(c->rep, VQC_MUST, VQR_S_DRV_PUBLISH,
					   "avail idx %u published before descriptor %u was final", sa->idx, i);
				return -1;
			}
			if (!(s[i].flags & VIRTQ_SPLIT_F_NEXT))
				break;
			i = s[i].next;
		}
	}
	return 0;
}
