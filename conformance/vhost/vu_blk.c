// SPDX-License-Identifier: GPL-2.0-only
/*
 * vu_blk.c - virtio-blk over the back-end's rings (vu_blk.h).
 *
 * A request is a 16-byte device-readable header {le32 type, le32
 * reserved, le64 sector}, then data (device-readable for OUT,
 * device-writable for IN), then one device-writable status byte.  The
 * segments are walked with a cursor, so the header, the data and the
 * status may be split over descriptors in any way (VQP-DEV-055,
 * VQS-DEV-039: the device does not depend on how the bytes are divided).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vu_blk.h"

#define T_IN     0u
#define T_OUT    1u
#define T_FLUSH  4u
#define T_GET_ID 8u

#define S_OK     0u
#define S_IOERR  1u
#define S_UNSUPP 2u

int vu_blk_init(struct vu_blk *d, uint64_t size)
{
	memset(d, 0, sizeof(*d));
	d->size = size & ~(uint64_t)(VU_BLK_SECTOR - 1);
	d->disk = malloc(d->size);
	if (!d->disk)
		return -1;
	for (uint64_t i = 0; i < d->size; i++)
		d->disk[i] = vu_blk_pattern(i);
	return 0;
}

void vu_blk_fini(struct vu_blk *d)
{
	free(d->disk);
	d->disk = NULL;
}

/* A position in the request's segments of one kind (readable/writable). */
struct cursor {
	const struct virtq_req *req;
	bool writable;
	uint32_t seg, off;
};

/* Copy up to len bytes between the cursor's segments and buf; returns
 * how many were copied. */
static uint32_t cur_copy(struct cursor *c, uint8_t *buf, uint32_t len, bool to_segs)
{
	uint32_t done = 0;

	while (done < len && c->seg < c->req->nseg) {
		const struct virtq_seg *s = &c->req->seg[c->seg];
		uint32_t n;

		if (s->writable != c->writable || c->off == s->len) {
			c->seg++;
			c->off = 0;
			continue;
		}
		n = s->len - c->off;
		if (n > len - done)
			n = len - done;
		if (to_segs)
			memcpy((uint8_t *)s->addr + c->off, buf + done, n);
		else
			memcpy(buf + done, (uint8_t *)s->addr + c->off, n);
		c->off += n;
		done += n;
	}
	return done;
}

static unsigned blk_process(struct vu_backend *b, struct vu_vq *vq)
{
	struct vu_blk *d = b->dstate;
	static struct virtq_seg seg[VU_MAX_SEGS];
	struct virtq_req req;
	unsigned taken = 0;

	while (vu_vq_pop(vq, &req, seg, VU_MAX_SEGS) == 1) {
		struct cursor rd = { &req, false, 0, 0 }, wr = { &req, true, 0, 0 };
		uint8_t hdr[16], status = S_OK;
		uint32_t type, data_in;
		uint64_t sector, off;

		taken++;
		/* the last writable byte is the status; everything writable
		 * before it is read data */
		if (req.out_len < 16 || req.in_len < 1) {
			d->malformed++;
			vu_vq_push(vq, &req, 0);
			continue;
		}
		cur_copy(&rd, hdr, 16, false);
		memcpy(&type, hdr, 4);          /* le32 on a little-endian host */
		memcpy(&sector, hdr + 8, 8);
		data_in = req.in_len - 1;
		off = sector * VU_BLK_SECTOR;
		switch (type) {
		case T_IN:
			if (sector > d->size / VU_BLK_SECTOR || data_in > d->size - off) {
				status = S_IOERR;
				d->errors++;
				break;
			}
			d->bytes_in += cur_copy(&wr, d->disk + off, data_in, true);
			d->reads++;
			break;
		case T_OUT: {
			uint32_t n = req.out_len - 16;

			if (sector > d->size / VU_BLK_SECTOR || n > d->size - off) {
				status = S_IOERR;
				d->errors++;
				break;
			}
			cur_copy(&rd, d->disk + off, n, false);
			d->writes++;
			d->bytes_out += n;
			break;
		}
		case T_FLUSH:
			d->flushes++;
			break;
		case T_GET_ID: {
			static const char id[20] = "pvvhost-blk";
			uint32_t n = data_in < sizeof(id) ? data_in : (uint32_t)sizeof(id);

			cur_copy(&wr, (uint8_t *)id, n, true);
			d->ids++;
			break;
		}
		default:
			status = S_UNSUPP;
			d->unsupported++;
			break;
		}
		/* status: the request's last device-writable byte */
		for (uint32_t i = req.nseg; i-- > 0; )
			if (req.seg[i].writable && req.seg[i].len) {
				((uint8_t *)req.seg[i].addr)[req.seg[i].len - 1] = status;
				break;
			}
		/* used length: bytes written, data then status */
		vu_vq_push(vq, &req, (type == T_IN || type == T_GET_ID) && status == S_OK ?
			   data_in + 1 : 1);
		if (taken % 32 == 0)
			vu_vq_flush(vq);
	}
	vu_vq_flush(vq);
	return taken;
}

/* virtio_blk_config: le64 capacity (sectors), le32 size_max, le32 seg_max,
 * geometry (4 bytes), le32 blk_size, then fields left zero. */
static int blk_get_config(struct vu_backend *b, uint32_t off, uint8_t *out, uint32_t len)
{
	struct vu_blk *d = b->dstate;
	uint8_t cfg[64] = { 0 };
	uint64_t cap = d->size / VU_BLK_SECTOR;
	uint32_t seg_max = VU_BLK_SEG_MAX, blk = VU_BLK_SECTOR;

	if (off > sizeof(cfg) || len > sizeof(cfg) - off)
		return -1;
	memcpy(cfg, &cap, 8);
	memcpy(cfg + 12, &seg_max, 4);
	memcpy(cfg + 20, &blk, 4);
	memcpy(out, cfg + off, len);
	return 0;
}

const struct vu_device vu_blk_device = {
	.name = "virtio-blk",
	.features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
		    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH),
	.queues = 1,
	.process = blk_process,
	.get_config = blk_get_config,
};
