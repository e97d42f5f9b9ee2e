/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * virtq_err.h - error codes of the reference virtqueues.  Functions return
 * 0 or a negative VIRTQ_E* value; no errno dependency.  Codes from
 * VIRTQ_EADDR on are protocol violations by the peer: the queue that saw one
 * is broken until reset (a device then sets DEVICE_NEEDS_RESET, spec
 * VQP-DEV-* / VQS-DEV-* robustness requirements; a driver stops using it).
 */
#ifndef VIRTQ_ERR_H
#define VIRTQ_ERR_H

enum virtq_err {
	VIRTQ_OK = 0,
	/* caller errors and resource limits: the queue stays usable */
	VIRTQ_EINVAL = 1,     /* bad argument from the local caller */
	VIRTQ_ENOSPC = 2,     /* not enough free descriptors / IDs */
	VIRTQ_EBROKEN = 3,    /* queue already broken: reset it first */
	/* peer protocol violations (device sees a bad driver, or vice versa) */
	VIRTQ_EADDR = 16,     /* address or address+len outside the memory map, or overflowing */
	VIRTQ_EZEROLEN,       /* descriptor length 0 where not allowed */
	VIRTQ_ECHAINLEN,      /* chain longer than the queue size (or a loop) */
	VIRTQ_EINDNEXT,       /* INDIRECT together with NEXT on a ring descriptor */
	VIRTQ_ENESTED,        /* INDIRECT inside an indirect table */
	VIRTQ_EINDLEN,        /* indirect table length 0 or not a multiple of 16 */
	VIRTQ_EINDFEAT,       /* INDIRECT used without VIRTIO_F_INDIRECT_DESC */
	VIRTQ_EWRORDER,       /* device-readable descriptor after a device-writable one */
	VIRTQ_EBADID,         /* Buffer ID out of range */
	VIRTQ_EDUPID,         /* Buffer ID (or split head) already in flight */
	VIRTQ_EAVAILIDX,      /* split: avail idx moved by more than the queue size */
	VIRTQ_EDESCIDX,       /* split: descriptor index >= queue size */
	VIRTQ_ESEGS,          /* request has more segments than the caller can take */
	VIRTQ_ENOTAVAIL,      /* packed: a chain continues into a descriptor that is not available */
	VIRTQ_EUSEDID,        /* driver: used ID out of range or not outstanding */
	VIRTQ_EUSEDLEN,       /* driver: used len larger than the buffer's writable size */
	VIRTQ_EUSEDIDX,       /* driver: split used idx moved past what is outstanding */
	VIRTQ_ERR_MAX
};

/* A constant, stable name for an error code, positive or negative
 * ("EADDR"); "?" if unknown. */
static inline const char *virtq_strerror(int err)
{
	static const char *const names[VIRTQ_ERR_MAX] = {
		[VIRTQ_OK] = "OK", [VIRTQ_EINVAL] = "EINVAL",
		[VIRTQ_ENOSPC] = "ENOSPC", [VIRTQ_EBROKEN] = "EBROKEN",
		[VIRTQ_EADDR] = "EADDR", [VIRTQ_EZEROLEN] = "EZEROLEN",
		[VIRTQ_ECHAINLEN] = "ECHAINLEN", [VIRTQ_EINDNEXT] = "EINDNEXT",
		[VIRTQ_ENESTED] = "ENESTED", [VIRTQ_EINDLEN] = "EINDLEN",
		[VIRTQ_EINDFEAT] = "EINDFEAT", [VIRTQ_EWRORDER] = "EWRORDER",
		[VIRTQ_EBADID] = "EBADID", [VIRTQ_EDUPID] = "EDUPID",
		[VIRTQ_EAVAILIDX] = "EAVAILIDX", [VIRTQ_EDESCIDX] = "EDESCIDX",
		[VIRTQ_ESEGS] = "ESEGS", [VIRTQ_ENOTAVAIL] = "ENOTAVAIL", [VIRTQ_EUSEDID] = "EUSEDID",
		[VIRTQ_EUSEDLEN] = "EUSEDLEN", [VIRTQ_EUSEDIDX] = "EUSEDIDX",
	};
	if (err < 0)
		err = -err;
	if (err >= VIRTQ_ERR_MAX || !names[err])
		return "?";
	return names[err];
}

#endif /* VIRTQ_ERR_H */
