// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0-or-later
/*
 * kvmpv_pv_eoi.c - PV end of interrupt, guest side (spec section "PV End
 * of Interrupt", KPV-GST-024).
 */
#include "plat.h"
#include "kvmpv_guest.h"

bool kvmpv_pv_eoi_skip(volatile uint32_t *word)
{
	/* Bit 0 of the little-endian word lives in its first byte. */
	volatile uint8_t *b = (volatile uint8_t *)word;

	/*
	 * KPV-GST-024: test and clear in one instruction.  The host reads,
	 * clears and sets the bit at every exit and entry of this vCPU; a
	 * separate load and store could straddle an exit and write back a
	 * stale value, losing an EOI.  Bits 7:1 are not defined, so the
	 * whole byte is exchanged with 0.  The exchange is also a full
	 * barrier, more than needed (only this vCPU races with it); a
	 * platform with a non-locked single-instruction bit clear (x86
	 * BTR) may use that instead.
	 */
	return (pvref_xchg8(b, 0) & KVMPV_PV_EOI_PENDING) != 0;
}
