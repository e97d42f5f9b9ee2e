/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blk.h - virtio-blk requests for the tests (virtio spec, "Block Device"):
 * a 16-byte header (type, reserved, sector), the data, one status byte.
 * The runner's disk image holds a pattern computable per sector.
 */
#ifndef GUEST_TESTS_BLK_H
#define GUEST_TESTS_BLK_H

#include <stdint.h>
#include <stdbool.h>
#include "genv.h"

#define VIRTIO_BLK_T_IN      0
#define VIRTIO_BLK_T_OUT     1
#define VIRTIO_BLK_T_FLUSH   4
#define VIRTIO_BLK_T_GET_ID  8
#define VIRTIO_BLK_S_OK      0
#define VIRTIO_BLK_F_FLUSH   9
#define VIRTIO_BLK_ID_BYTES  20
#define BLK_SECTOR           512u

struct blk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* One request in flight: its own header and status byte. */
struct blk_req {
	struct blk_hdr hdr;
	uint8_t status;
	uint8_t *data;
	uint32_t len;          /* data bytes */
	uint32_t expect_used;  /* bytes the device writes: data for IN, + status */
};

/* Byte i of sector s in the runner's image (run.py writes the same). */
static inline uint8_t blk_pattern(uint64_t s, uint32_t i)
{
	return (uint8_t)(s * 7u + i * 13u + 0x5au);
}

/*
 * Queue one request (not kicked): data split into segs segments, placed in
 * an indirect table when the configuration negotiated it.
 */
int blk_queue(struct gvq *q, struct blk_req *r, uint32_t type, uint64_t sector,
	      uint8_t *data, uint32_t len, unsigned segs);

/* Queue, kick and wait for one request; checks the token, the status and,
 * with check_len, the used length.  Returns true when all held. */
bool blk_do(struct pvc_t *t, struct gvq *q, uint32_t type, uint64_t sector,
	    uint8_t *data, uint32_t len, unsigned segs, bool check_len);

/* Start the virtio-blk device with one queue; SKIP when there is none. */
bool blk_start(struct pvc_t *t, struct gvq *q, uint64_t extra);

#endif /* GUEST_TESTS_BLK_H */
