// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_send_ipi_handler.c - HC_SEND_IPI on the host: validate the ICR,
 * then scan both bitmaps and deliver to the vCPUs they name (spec section
 * "KVM_HC_SEND_IPI", KPV-HST-016..021, -048).
 */
#include "plat.h"
#include "kvmpv_host.h"

static inline unsigned lowest_bit(uint64_t v)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(v);
#else
	unsigned i = 0;

	while (!(v & 1)) {
		v >>= 1;
		i++;
	}
	return i;
#endif
}

/*
 * Delivers to first + i for every set bit i of bm.  first is a 64-bit sum
 * (min + 0/32/64 with min < 2^32), so first + i cannot wrap (KPV-HST-019),
 * and nothing above max_apic_id reaches the callbacks (KPV-HST-020).
 */
static int64_t scan(const struct kvmpv_host_vm *vm, uint64_t bm, uint64_t first,
		    const struct kvmpv_irq *irq)
{
	int64_t count = 0;

	if (first > vm->max_apic_id)
		return 0;
	while (bm) {
		uint64_t id = first + lowest_bit(bm);

		if (id > vm->max_apic_id)
			break;          /* bits ascend: every later one is above too */
		bm &= bm - 1;
		count += vm->ops->deliver(vm->ctx, (uint32_t)id, irq) > 0;
	}
	return count;
}

int64_t kvmpv_host_send_ipi(const struct kvmpv_host_vm *vm, uint64_t low, uint64_t high,
			    uint64_t min, uint64_t icr, bool long_mode)
{
	const unsigned half = long_mode ? KVMPV_IPI_BITMAP_BITS_64 : KVMPV_IPI_BITMAP_BITS_32;
	struct kvmpv_irq irq;
	uint64_t first;

	/* KPV-HST-018: logical destination mode and shorthands are not for
	 * this hypercall; reject before delivering anything. */
	if (icr & KVMPV_ICR_REJECT_MASK)
		return -KVMPV_EINVAL;
	if (!vm->has_apic_map)
		return -KVMPV_EOPNOTSUPP;               /* KPV-HST-048 */

	irq.vector = (uint8_t)(icr & KVMPV_ICR_VECTOR_MASK);
	irq.delivery_mode = (uint8_t)((icr & KVMPV_ICR_DELIVERY_MODE_MASK) >> 8);
	irq.level = (icr & KVMPV_ICR_LEVEL_ASSERT) != 0;
	irq.trig_level = (icr & KVMPV_ICR_TRIGGER_LEVEL) != 0;

	/* KPV-HST-019: min is bits 31:0 of a2.  KPV-HST-021: outside 64-bit
	 * mode each bitmap has 32 bits (the caller's registers may already be
	 * truncated; doing it again here keeps this function safe alone). */
	first = (uint32_t)min;
	if (!long_mode) {
		low = (uint32_t)low;
		high = (uint32_t)high;
	}
	return scan(vm, low, first, &irq) + scan(vm, high, first + half, &irq);
}
