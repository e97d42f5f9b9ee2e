/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * plat_c11.h - default platform hooks for user space, on C11 <stdatomic.h>.
 * See plat.h for the contract.  Both peers are CPUs sharing coherent memory
 * (threads, processes sharing a memfd, a VMM and its guest), so the
 * barriers are the C11 fences.
 */
#ifndef PVREF_PLAT_C11_H
#define PVREF_PLAT_C11_H

#include <stdatomic.h>

static inline uint16_t pvref_load_acquire16(const volatile uint16_t *p)
{
	return atomic_load_explicit((const volatile _Atomic uint16_t *)p,
				    memory_order_acquire);
}

static inline void pvref_store_release16(volatile uint16_t *p, uint16_t v)
{
	atomic_store_explicit((volatile _Atomic uint16_t *)p, v,
			      memory_order_release);
}

static inline uint8_t pvref_xchg8(volatile uint8_t *p, uint8_t v)
{
	return atomic_exchange_explicit((volatile _Atomic uint8_t *)p, v,
					memory_order_seq_cst);
}

static inline bool pvref_cmpxchg8(volatile uint8_t *p, uint8_t *expected, uint8_t v)
{
	return atomic_compare_exchange_strong_explicit((volatile _Atomic uint8_t *)p,
						       expected, v,
						       memory_order_seq_cst,
						       memory_order_seq_cst);
}

static inline void pvref_mb(void)  { atomic_thread_fence(memory_order_seq_cst); }
static inline void pvref_rmb(void) { atomic_thread_fence(memory_order_acquire); }
static inline void pvref_wmb(void) { atomic_thread_fence(memory_order_release); }

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
static inline uint16_t pvref_le16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t pvref_le32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t pvref_le64(uint64_t v) { return __builtin_bswap64(v); }
#else
static inline uint16_t pvref_le16(uint16_t v) { return v; }
static inline uint32_t pvref_le32(uint32_t v) { return v; }
static inline uint64_t pvref_le64(uint64_t v) { return v; }
#endif

/*
 * Logging: the user-space default forwards to a function pointer the
 * application may set (pvref_log_fn, defined in plat_c11_log.c); NULL
 * (the default) discards.
 */
typedef void (*pvref_log_fn_t)(int level, const char *msg, uint64_t a, uint64_t b);
extern pvref_log_fn_t pvref_log_fn;

static inline void pvref_log(int level, const char *msg, uint64_t a, uint64_t b)
{
	if (pvref_log_fn)
		pvref_log_fn(level, msg, a, b);
}

#endif /* PVREF_PLAT_C11_H */
