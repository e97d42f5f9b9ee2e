// SPDX-License-Identifier: GPL-2.0-only
/* blk.c - building and completing virtio-blk requests for the tests. */
#include "blk.h"
#include "lib/libc.h"

int blk_queue(struct gvq *q, struct blk_req *r, uint32_t type, uint64_t sector,
	      uint8_t *data, uint32_t len, unsigned segs)
{
	struct virtq_sg sg[GUEST_MAX_SEGS + 2];
	uint32_t n = 0, out, in, off = 0, chunk;

	if (segs == 0 || segs > GUEST_MAX_SEGS || (len && len < segs))
		return -VIRTQ_EINVAL;
	r->hdr.type = type;
	r->hdr.reserved = 0;
	r->hdr.sector = sector;
	r->status = 0xff;
	r->data = data;
	r->len = len;
	r->expect_used = (type == VIRTIO_BLK_T_IN ? len : 0) + 1;
	sg[n++] = (struct virtq_sg){ gvq_dma(&r->hdr), sizeof(r->hdr) };
	if (len) {
		chunk = len / segs;
		for (unsigned i = 0; i < segs; i++) {
			uint32_t l = i + 1 == segs ? len - off : chunk;

			sg[n++] = (struct virtq_sg){ gvq_dma(data + off), l };
			off += l;
		}
	}
	sg[n++] = (struct virtq_sg){ gvq_dma(&r->status), 1 };
	/* device-readable: header (+ data for OUT); device-writable: the rest */
	out = 1 + (type == VIRTIO_BLK_T_OUT && len ? segs : 0);
	in = n - out;
	return gvq_add(q, sg, out, in, r, genv.indirect);
}

bool blk_do(struct pvc_t *t, struct gvq *q, uint32_t type, uint64_t sector,
	    uint8_t *data, uint32_t len, unsigned segs, bool check_len)
{
	struct blk_req r;
	uint32_t used = 0;
	void *tok;
	uint16_t slot = q->drv.u.packed.last_used;
	int err = blk_queue(q, &r, type, sector, data, len, segs);

	if (!PVC_CHECK(t, err == 0, "add: %s", virtq_strerror(err)))
		return false;
	gvq_kick(q);
	tok = gvq_wait(q, &used, 2000);
	if (!tok) {
		if (virtq_drv_error(&q->drv))
			pvc_fail(t, "driver marked the queue broken: %s",
				 virtq_strerror(virtq_drv_error(&q->drv)));
		else
			pvc_fail(t, "no used buffer within 2 s (type %u sector %llu)", type,
				 (unsigned long long)sector);
		return false;
	}
	if (check_len && used != r.expect_used && q->drv.layout == VIRTQ_LAYOUT_PACKED)
		gvq_dump_packed_used(q, slot);
	return PVC_CHECK(t, tok == &r, "used buffer is not the one made available") &&
	       PVC_CHECK(t, !check_len || used == r.expect_used, "type %u: used len %u, device wrote %u",
			 type, used, r.expect_used) &&
	       PVC_CHECK(t, r.status == VIRTIO_BLK_S_OK, "type %u sector %llu: status %u",
			 type, (unsigned long long)sector, r.status);
}

bool blk_start(struct pvc_t *t, struct gvq *q, uint64_t extra)
{
	if (!genv.have_blk) {
		pvc_skip(t, "no virtio-blk-pci device in this configuration");
		return false;
	}
	return genv_start(t, &genv.blk, extra, q, 1);
}
