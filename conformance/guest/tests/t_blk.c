// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_blk.c - virtio-blk-pci through the reference driver: reads of the
 * runner's pattern image split over several segments, writes read back,
 * full-ring batches that wrap the ring several times, indirect tables and
 * the used lengths.  The device-side requirements checked are the ones a
 * driver observes.  Each test has a packed and a split twin; the one that
 * does not match the configuration's layout is a SKIP.
 */
#include "blk.h"
#include "lib/libc.h"

static uint8_t *blk_buf(uint32_t len)
{
	return alloc_zeroed(len, 4096);
}

static unsigned bad_bytes(const uint8_t *d, uint64_t sector, uint32_t nsect, uint32_t *first)
{
	unsigned bad = 0;

	for (uint32_t s = 0; s < nsect; s++)
		for (uint32_t i = 0; i < BLK_SECTOR; i++)
			if (d[s * BLK_SECTOR + i] != blk_pattern(sector + s, i)) {
				if (!bad)
					*first = s * BLK_SECTOR + i;
				bad++;
			}
	return bad;
}

/* 8-sector reads in 1, 2, 4 and 8 segments: the data lands in chain order. */
static void read_pattern(struct pvc_t *t)
{
	struct gvq q;
	uint8_t *buf = blk_buf(8 * BLK_SECTOR);
	uint32_t first = 0;

	if (!blk_start(t, &q, 0))
		return;
	if (genv.disk_sectors < 64) {
		pvc_error(t, "runner gave no pattern image size (sectors=%llu)",
			  (unsigned long long)genv.disk_sectors);
		return;
	}
	for (uint64_t s = 0; s < 64; s += 8) {
		unsigned segs = 1u << ((s / 8) % 4), bad;

		memset(buf, 0, 8 * BLK_SECTOR);
		if (!blk_do(t, &q, VIRTIO_BLK_T_IN, s, buf, 8 * BLK_SECTOR, segs, false))
			return;
		bad = bad_bytes(buf, s, 8, &first);
		if (!PVC_CHECK(t, bad == 0, "sectors %llu..%llu in %u segments: %u bytes differ, first at +%u",
			       (unsigned long long)s, (unsigned long long)s + 7, segs, bad, first))
			return;
	}
}

PVC_TEST(blk_read_chain_order_packed, "VQP-DEV-013", "needs:virtio-blk")
{
	if (genv_layout(t, true))
		read_pattern(t);
}

PVC_TEST(blk_read_chain_order_split, "VQS-DEV-003", "needs:virtio-blk")
{
	if (genv_layout(t, false))
		read_pattern(t);
}

/* A write in 4 segments, read back in 3; the device-readable header and
 * data must be unchanged after the device used them. */
static void write_readback(struct pvc_t *t)
{
	struct gvq q;
	struct blk_req req;
	uint32_t len = 16 * BLK_SECTOR, used = 0;
	uint8_t *w = blk_buf(len), *r = blk_buf(len);
	uint64_t sector = genv.disk_sectors > 1024 ? genv.disk_sectors - 64 : 512;
	unsigned changed = 0;
	int err;

	if (!blk_start(t, &q, 0))
		return;
	for (uint32_t i = 0; i < len; i++)
		w[i] = (uint8_t)(i * 31u + 7u);
	err = blk_queue(&q, &req, VIRTIO_BLK_T_OUT, sector, w, len, 4);
	if (!PVC_CHECK(t, err == 0, "add: %s", virtq_strerror(err)))
		return;
	gvq_kick(&q);
	if (!PVC_CHECK(t, gvq_wait(&q, &used, 2000) == &req, "write not used within 2 s (driver: %s)",
		       virtq_strerror(virtq_drv_error(&q.drv))))
		return;
	PVC_CHECK(t, req.status == VIRTIO_BLK_S_OK, "write status %u", req.status);
	for (uint32_t i = 0; i < len; i++)
		changed += w[i] != (uint8_t)(i * 31u + 7u);
	PVC_CHECK(t, changed == 0, "device changed %u bytes of device-readable data", changed);
	PVC_CHECK(t, req.hdr.type == VIRTIO_BLK_T_OUT && req.hdr.reserved == 0 && req.hdr.sector == sector,
		  "device changed the device-readable request header");
	if (!blk_do(t, &q, VIRTIO_BLK_T_IN, sector, r, len, 3, false))
		return;
	PVC_CHECK(t, memcmp(w, r, len) == 0, "data read back differs from data written");
}

PVC_TEST(blk_write_readable_untouched_packed, "VQP-DEV-011", "needs:virtio-blk")
{
	if (genv_layout(t, true))
		write_readback(t);
}

PVC_TEST(blk_write_readable_untouched_split, "VQS-DEV-001", "needs:virtio-blk")
{
	if (genv_layout(t, false))
		write_readback(t);
}

/*
 * Fill the ring with reads, one kick, collect every completion; five
 * rounds, so that the ring (and the packed wrap counters) wrap several
 * times.  Every buffer must come back exactly once, its data complete when
 * the driver sees it used.
 */
static void full_ring_batches(struct pvc_t *t)
{
	struct gvq q;
	struct blk_req *reqs;
	uint8_t *data, *seen;
	unsigned per, total = 0;

	if (!blk_start(t, &q, 0))
		return;
	/* one ring slot per request with indirect tables, else three */
	per = genv.indirect ? q.num : q.num / 3;
	reqs = alloc_zeroed(per * sizeof(*reqs), 64);
	data = blk_buf(per * BLK_SECTOR);
	seen = alloc_zeroed(per, 8);
	if (!reqs || !data || !seen) {
		pvc_error(t, "out of memory");
		return;
	}
	for (unsigned round = 0; round < 5; round++) {
		unsigned got = 0;
		uint32_t used, first = 0;
		void *tok;

		memset(seen, 0, per);
		memset(data, 0, per * BLK_SECTOR);
		for (unsigned i = 0; i < per; i++) {
			uint64_t s = (round * per + i) % 64;
			int err = blk_queue(&q, &reqs[i], VIRTIO_BLK_T_IN, s, data + i * BLK_SECTOR,
					    BLK_SECTOR, 1);

			if (!PVC_CHECK(t, err == 0, "round %u add %u: %s", round, i, virtq_strerror(err)))
				return;
		}
		gvq_kick(&q);
		while (got < per && (tok = gvq_wait(&q, &used, 2000)) != NULL) {
			struct blk_req *r = tok;
			unsigned i = (unsigned)(r - reqs);

			if (!PVC_CHECK(t, r >= reqs && i < per && !seen[i],
				       "round %u: used buffer %p not outstanding", round, tok))
				return;
			seen[i] = 1;
			got++;
			PVC_CHECK(t, r->status == VIRTIO_BLK_S_OK, "round %u req %u: status %u",
				  round, i, r->status);
			PVC_CHECK(t, bad_bytes(r->data, r->hdr.sector, 1, &first) == 0,
				  "round %u req %u: data incomplete when used (+%u)", round, i, first);
		}
		if (!PVC_CHECK(t, got == per, "round %u: %u of %u buffers used (driver: %s)", round,
			       got, per, virtq_strerror(virtq_drv_error(&q.drv))))
			return;
		total += got;
		PVC_CHECK(t, virtq_drv_num_free(&q.drv) == q.num, "round %u: %u of %u slots free",
			  round, virtq_drv_num_free(&q.drv), q.num);
	}
	pvc_diag("%u requests in batches of %u on a ring of %u, %u doorbells for %u kick checks",
		 total, per, q.num, q.kicks, q.kick_checks);
}

PVC_TEST(blk_full_ring_wrap_packed, "VQP-DEV-006 VQP-DEV-007 VQP-DEV-015 VQP-DEV-017", "needs:virtio-blk")
{
	if (genv_layout(t, true))
		full_ring_batches(t);
}

PVC_TEST(blk_full_ring_wrap_split, "VQS-DEV-005", "needs:virtio-blk")
{
	if (genv_layout(t, false))
		full_ring_batches(t);
}

/* A 14-segment read in one indirect table; SKIP without INDIRECT_DESC. */
static void indirect_read(struct pvc_t *t)
{
	struct gvq q;
	uint32_t nsect = GUEST_MAX_SEGS, first = 0;
	uint8_t *buf = blk_buf(nsect * BLK_SECTOR);

	if (!genv.indirect) {
		pvc_skip(t, "INDIRECT_DESC not negotiated in this configuration");
		return;
	}
	if (!blk_start(t, &q, 0))
		return;
	for (unsigned round = 0; round < 3; round++) {
		uint64_t s = 16u * round;

		memset(buf, 0, nsect * BLK_SECTOR);
		if (!blk_do(t, &q, VIRTIO_BLK_T_IN, s, buf, nsect * BLK_SECTOR, nsect, false))
			return;
		PVC_CHECK(t, bad_bytes(buf, s, nsect, &first) == 0,
			  "round %u: table entries not used in order (first bad byte +%u)", round, first);
	}
	PVC_CHECK(t, virtq_drv_num_free(&q.drv) == q.num, "%u of %u slots free afterwards",
		  virtq_drv_num_free(&q.drv), q.num);
}

PVC_TEST(blk_indirect_table_packed, "VQP-DEV-019 VQP-DEV-020", "needs:virtio-blk needs:indirect")
{
	if (genv_layout(t, true))
		indirect_read(t);
}

PVC_TEST(blk_indirect_table_split, "VQS-DEV-008 VQS-DEV-009", "needs:virtio-blk needs:indirect")
{
	if (genv_layout(t, false))
		indirect_read(t);
}

/* The used length is the number of bytes the device wrote: data + status
 * for a read, the status byte alone for a write or a flush. */
static void used_len(struct pvc_t *t)
{
	struct gvq q;
	uint8_t *buf = blk_buf(4 * BLK_SECTOR);

	if (!blk_start(t, &q, VIRTIO_BIT(VIRTIO_BLK_F_FLUSH)))
		return;
	blk_do(t, &q, VIRTIO_BLK_T_IN, 8, buf, 4 * BLK_SECTOR, 2, true);
	blk_do(t, &q, VIRTIO_BLK_T_IN, 9, buf, BLK_SECTOR, 1, true);
	blk_do(t, &q, VIRTIO_BLK_T_OUT, 9, buf, BLK_SECTOR, 1, true);
	if (virtio_has_feature(genv.blk.features, VIRTIO_BLK_F_FLUSH))
		blk_do(t, &q, VIRTIO_BLK_T_FLUSH, 0, NULL, 0, 1, true);
	else
		pvc_diag("VIRTIO_BLK_F_FLUSH not offered: no flush request");
	gvq_check_used_write(t, &q);
}

PVC_TEST(blk_used_len_packed, "VQP-DEV-016", "needs:virtio-blk")
{
	if (genv_layout(t, true))
		used_len(t);
}

PVC_TEST(blk_used_len_split, "VQS-DEV-006", "needs:virtio-blk")
{
	if (genv_layout(t, false))
		used_len(t);
}
