/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later */
/*
 * plat_gnuc.h - platform hooks on GCC/Clang __atomic builtins.  Needs no
 * header at all, so it serves freestanding builds (firmware, test guests).
 * See plat.h for the contract.  Logging is discarded unless the includer
 * defines PVREF_GNUC_LOG(level, msg, a, b) before including plat.h.
 */
#ifndef PVREF_PLAT_GNUC_H
#define PVREF_PLAT_GNUC_H

static inline uint16_t pvref_load_acquire16(const volatile uint16_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void pvref_store_release16(volatile uint16_t *p, uint16_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline uint8_t pvref_xchg8(volatile uint8_t *p, uint8_t v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}

static inline bool pvref_cmpxchg8(volatile uint8_t *p, uint8_t *expected, uint8_t v)
{
	return __atomic_compare_exchange_n(p, expected, v, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline void pvref_mb(void)  { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void pvref_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static inline void pvref_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
static inline uint16_t pvref_le16(uint16_t v) { return __builtin_bswap16(v); }
static inline uint32_t pvref_le32(uint32_t v) { return __builtin_bswap32(v); }
static inline uint64_t pvref_le64(uint64_t v) { return __builtin_bswap64(v); }
#else
static inline uint16_t pvref_le16(uint16_t v) { return v; }
static inline uint32_t pvref_le32(uint32_t v) { return v; }
static inline uint64_t pvref_le64(uint64_t v) { return v; }
#endif

static inline void pvref_log(int level, const char *msg, uint64_t a, uint64_t b)
{
#ifdef PVREF_GNUC_LOG
	PVREF_GNUC_LOG(level, msg, a, b);
#else
	(void)level; (void)msg; (void)a; (void)b;
#endif
}

#endif /* PVREF_PLAT_GNUC_H */
