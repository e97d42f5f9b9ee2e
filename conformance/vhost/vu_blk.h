/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vu_blk.h - the virtio-blk device behind pvvhost: one request queue over
 * a RAM disk whose every byte starts as a known pattern, so a guest can
 * tell a correct read from a wrong one.  Requests: IN, OUT, FLUSH, GET_ID;
 * anything else is answered UNSUPP.  The configuration space (capacity,
 * seg_max, blk_size) is served through VHOST_USER_GET_CONFIG.
 */
#ifndef VU_BLK_H
#define VU_BLK_H

#include <stdint.h>
#include "vu_backend.h"

#define VIRTIO_BLK_F_SEG_MAX   2
#define VIRTIO_BLK_F_BLK_SIZE  6
#define VIRTIO_BLK_F_FLUSH     9

#define VU_BLK_SECTOR   512u
#define VU_BLK_SEG_MAX  60u      /* data segments per request */

struct vu_blk {
	uint8_t *disk;
	uint64_t size;            /* bytes, a multiple of 512 */
	uint64_t reads, writes, flushes, ids, unsupported, errors, bytes_in, bytes_out;
	uint64_t malformed;       /* requests without room for header or status */
};

extern const struct vu_device vu_blk_device;

int vu_blk_init(struct vu_blk *d, uint64_t size);
void vu_blk_fini(struct vu_blk *d);
/* The byte the disk holds at offset off before anything was written. */
static inline uint8_t vu_blk_pattern(uint64_t off)
{
	return (uint8_t)(off * 7u + 3u);
}

#endif /* VU_BLK_H */
