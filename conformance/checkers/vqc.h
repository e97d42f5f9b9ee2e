/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vqc.h - virtqueue checkers: models of one side of a virtqueue that sit on
 * the shared ring memory and judge everything the other side writes.
 *
 *   driver checker (vqc_drvchk): plays the device, validates a driver;
 *   device checker (vqc_devchk): plays the driver, validates a device.
 *
 * Both handle the packed and the split layout.  They depend on nothing but
 * the wire-format headers: no allocation, no I/O.  A violation is reported
 * through struct vqc_report with the requirement ID it breaks and a level
 * (a broken MUST fails a test, a missed SHOULD is a finding).  The same
 * checkers serve the in-process tier, the vhost-user tier and the
 * freestanding guest.
 */
#ifndef VQC_H
#define VQC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "virtq_layout.h"
#include "virtio_features.h"

/* Largest queue a checker models (its state is sized for it). */
#define VQC_MAX_NUM 1024u

enum vqc_level { VQC_MUST, VQC_SHOULD };

struct vqc_report {
	void (*fn)(void *arg, enum vqc_level level, const char *id, const char *msg);
	void *arg;
	unsigned count;         /* MUST violations reported */
	unsigned findings;      /* SHOULD violations reported */
};

/* The shared memory both sides see: the three ring areas and the guest
 * memory that buffer addresses point into (one contiguous region). */
struct vqc_ring {
	unsigned layout;
	uint32_t num;
	uint16_t vq_index;
	uint64_t features;
	void *desc, *driver, *device;     /* host pointers of the three areas */
	uint8_t *mem;                     /* host pointer of guest address mem_gpa */
	uint64_t mem_gpa, mem_size;
};

/* Host pointer of [gpa, gpa+len) inside the ring's memory, or NULL. */
void *vqc_translate(const struct vqc_ring *r, uint64_t gpa, uint64_t len);

/* FNV-1a over len bytes of shared memory, continuing from h. */
#define VQC_HASH_INIT 0xcbf29ce484222325ull
uint64_t vqc_hash(const void *p, size_t len, uint64_t h);

void vqc_report(struct vqc_report *rep, enum vqc_level level, const char *id,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Position on a packed ring as one number in [0, 2*num): slot plus num
 * when the wrap counter is 0.  Lets "reached or passed" be one compare. */
static inline uint32_t vqc_lin(uint32_t num, uint16_t off, bool wrap)
{
	return off + (wrap ? 0u : num);
}
/* Is event in [old, new) going forward on a ring of 2*num positions? */
static inline bool vqc_passed(uint32_t num, uint32_t event, uint32_t old, uint32_t new_)
{
	uint32_t m = 2 * num;

	return (event + m - old) % m < (new_ + m - old) % m;
}

/* One buffer segment as a checker sees it. */
struct vqc_seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

#define VQC_MAX_SEGS 64u

/* Shared-memory accesses: flags and indexes with acquire / release (what a
 * peer on another CPU needs), fields as plain little-endian loads. */
static inline uint16_t vqc_ld16(const volatile void *p)
{
	return __atomic_load_n((const volatile uint16_t *)p, __ATOMIC_ACQUIRE);
}
static inline void vqc_st16(volatile void *p, uint16_t v)
{
	__atomic_store_n((volatile uint16_t *)p, v, __ATOMIC_RELEASE);
}

#endif /* VQC_H */
