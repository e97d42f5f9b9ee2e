/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * plat.h - the platform-hook contract of the pvspec reference code.
 *
 * The reference core (reference/guest, reference/host) includes only
 * <stdint.h>, <stddef.h>, <stdbool.h> and this header.  Everything that
 * depends on the compiler, the CPU or the operating system comes from a
 * platform header chosen at build time:
 *
 *   -DPVREF_PLAT_HEADER='"my_plat.h"'   your own (a kernel driver, firmware)
 *   (nothing)                           plat_c11.h, C11 <stdatomic.h>, user space
 *
 * plat_gnuc.h is a second implementation on GCC/Clang __atomic builtins that
 * needs no library header at all; the freestanding build uses it.
 *
 * A platform header MUST define the following.  "Shared memory" means memory
 * the peer (device or driver, possibly another CPU or a DMA engine) reads or
 * writes concurrently.
 *
 *   uint16_t pvref_load_acquire16(const volatile uint16_t *p)
 *       Load p; no later load or store may be performed before it.
 *       Used to read a packed descriptor's flags or a split ring index before
 *       reading what they guard.
 *   void pvref_store_release16(volatile uint16_t *p, uint16_t v)
 *       Store v to p; no earlier load or store may be performed after it.
 *       Used to publish a packed descriptor's flags or a split ring index
 *       after the data they guard.
 *   void pvref_mb(void)    full barrier: orders earlier loads and stores
 *                          against later loads and stores (store->load too).
 *   void pvref_rmb(void)   orders earlier loads against later loads.
 *   void pvref_wmb(void)   orders earlier stores against later stores.
 *       On a platform where the peer is a device doing DMA (not another CPU
 *       of the same coherence domain), these must be the DMA-strength
 *       barriers (Linux: virt_* for a hypervisor peer, dma_* for hardware).
 *   uint8_t pvref_xchg8(volatile uint8_t *p, uint8_t v)
 *       Atomically store v to p and return the byte it replaced; a full
 *       barrier (as pvref_mb() on both sides).  Used by a host to clear the
 *       steal-time preempted byte on vCPU entry (spec KPV-HST-034).
 *   bool pvref_cmpxchg8(volatile uint8_t *p, uint8_t *expected, uint8_t v)
 *       Atomically: if *p equals *expected, store v and return true;
 *       otherwise copy *p into *expected and return false.  A full barrier
 *       in both outcomes.  Used by a guest to set FLUSH_TLB in a preempted
 *       vCPU's steal-time record (spec KPV-GST-020).
 *   uint16_t pvref_le16(uint16_t)  uint32_t pvref_le32(uint32_t)
 *   uint64_t pvref_le64(uint64_t)
 *       Convert between CPU and little-endian order (an involution: the
 *       same function converts both ways).
 *   void pvref_log(int level, const char *msg, uint64_t a, uint64_t b)
 *       Report an event: level is PVREF_LOG_ERR / _WARN / _DEBUG; msg is a
 *       constant string; a and b are numbers that explain it (a ring index,
 *       a Buffer ID ...).  May do nothing.
 *
 * Guest-memory translation is not a hook: the device side takes a table of
 * regions (struct virtq_memmap in virtq_mem.h) and does the bounds checks
 * itself, so a platform cannot weaken them by accident.
 */
#ifndef PVREF_PLAT_H
#define PVREF_PLAT_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define PVREF_LOG_ERR   0
#define PVREF_LOG_WARN  1
#define PVREF_LOG_DEBUG 2

#if defined(PVREF_PLAT_HEADER)
#include PVREF_PLAT_HEADER
#else
#include "plat_c11.h"
#endif

/* Hint for the few branches that are only taken on a protocol violation. */
#if defined(__GNUC__)
#define pvref_unlikely(x) __builtin_expect(!!(x), 0)
#define pvref_likely(x)   __builtin_expect(!!(x), 1)
#else
#define pvref_unlikely(x) (x)
#define pvref_likely(x)   (x)
#endif

#endif /* PVREF_PLAT_H */
